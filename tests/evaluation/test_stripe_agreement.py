"""Agreement with the true synth_stripes target: the generator's renderings score known values."""
import numpy as np
import pytest
from PIL import Image

from i2itools.datasets.synthetic.stripe_rule import (BACKGROUND, DARK_PALETTE, PALETTE, Shape,
                                                     ShapeLayout, dark_rows, render_plain,
                                                     render_striped, stripe_period)
from i2itools.datasets.synthetic.synth_stripes import synth_stripes_image
from i2itools.evaluation.functional.stripe_agreement import (shape_mask, stripe_agreement,
                                                             true_target)

SIZE = 64
# shapes in both halves, top and bottom, left and right, on light and dark rows
LAYOUT = ShapeLayout(SIZE, (Shape('square', 20.0, 16.0, 10.0, 0),
                            Shape('circle', 44.0, 44.0, 12.0, 4),
                            Shape('triangle', 50.0, 14.0, 9.0, 2)))
PLAIN, STRIPED = render_plain(LAYOUT), render_striped(LAYOUT)
COLOURS = LAYOUT.color_map()
INSIDE = COLOURS >= 0
DARK = INSIDE & dark_rows(SIZE, stripe_period(SIZE))[:, None]
TOP, LEFT = np.zeros((SIZE, SIZE), bool), np.zeros((SIZE, SIZE), bool)
TOP[:SIZE // 2], LEFT[:, :SIZE // 2] = True, True


def _l1_of_unstriped(where):
    """L1 ([0, 1] scale) of an image that lacks the stripes on the pixels ``where``."""
    gap = np.abs(PALETTE.astype(float) - DARK_PALETTE).sum(axis=1)  # summed over RGB
    return gap[COLOURS[DARK & where]].sum() / (SIZE * SIZE * 3 * 255)


def _share(pixels):
    return pixels.sum() / INSIDE.sum()


def test_layout_covers_every_case_the_known_answers_rely_on():
    for part in (TOP, ~TOP, LEFT, ~LEFT):
        assert (DARK & part).any() and (INSIDE & ~DARK & part).any()


@pytest.mark.parametrize('index', range(4))
@pytest.mark.parametrize('domain, direction', [('A', 'AtoB'), ('B', 'BtoA')])
def test_the_true_counterpart_from_the_generator_scores_perfectly(index, domain, direction):
    image, counterpart, _ = synth_stripes_image(0, 'test', domain, index, size=SIZE)
    scores = stripe_agreement(image, counterpart.astype(float), direction)
    assert scores == dict(L1=0.0, mask_IoU=1.0, texture=1.0)


@pytest.mark.parametrize('source, direction', [(PLAIN, 'AtoB'), (STRIPED, 'BtoA')])
def test_the_untouched_input_misses_exactly_the_dark_rows(source, direction):
    scores = stripe_agreement(source, source.astype(float), direction)
    assert scores['L1'] == pytest.approx(_l1_of_unstriped(INSIDE))
    assert scores['mask_IoU'] == 1.0
    assert scores['texture'] == pytest.approx(1 - _share(DARK))  # right only on light rows


def test_stripes_added_to_the_bottom_half_only_score_in_between():
    pred = STRIPED.copy()
    pred[TOP] = PLAIN[TOP]
    scores = stripe_agreement(PLAIN, pred.astype(float), 'AtoB')
    assert scores['L1'] == pytest.approx(_l1_of_unstriped(TOP))
    assert scores['mask_IoU'] == 1.0
    assert scores['texture'] == pytest.approx(1 - _share(DARK & TOP))
    assert 0 < scores['L1'] < _l1_of_unstriped(INSIDE)
    assert 1 - _share(DARK) < scores['texture'] < 1


@pytest.mark.parametrize('source, truth, direction, wrong_tone',
                         [(PLAIN, STRIPED, 'AtoB', DARK),
                          (STRIPED, PLAIN, 'BtoA', np.zeros_like(DARK))])
def test_shapes_erased_from_the_left_half_lose_iou_and_only_dark_tones(
        source, truth, direction, wrong_tone):
    pred = truth.copy()
    pred[INSIDE & LEFT] = BACKGROUND
    scores = stripe_agreement(source, pred.astype(float), direction)
    erased = np.abs(truth[INSIDE & LEFT].astype(float) - BACKGROUND).sum()
    assert scores['L1'] == pytest.approx(erased / (SIZE * SIZE * 3 * 255))
    assert scores['mask_IoU'] == pytest.approx(_share(INSIDE & ~LEFT))
    # background reads as the light tone: wrong only where the truth is dark
    assert scores['texture'] == pytest.approx(1 - _share(wrong_tone & LEFT))


def test_small_noise_keeps_shape_and_tone():
    noise = np.random.default_rng(0).normal(0, 5, STRIPED.shape)
    pred = np.clip(STRIPED + noise, 0, 255)
    scores = stripe_agreement(PLAIN, pred, 'AtoB')
    assert scores['mask_IoU'] == 1.0 and scores['texture'] == 1.0
    assert 0 < scores['L1'] < 5 / 255


def test_shape_mask_is_the_non_background_pixels_of_an_exact_image():
    assert np.array_equal(shape_mask(STRIPED), INSIDE)
    assert np.array_equal(shape_mask(PLAIN), INSIDE)


def test_true_target_is_the_generator_rendering_of_the_other_domain():
    assert np.array_equal(true_target(PLAIN, 'AtoB'), STRIPED)
    assert np.array_equal(true_target(STRIPED, 'BtoA'), PLAIN)


def test_a_resized_source_is_refused_with_the_rule_it_breaks():
    resized = np.asarray(Image.fromarray(render_plain(ShapeLayout(96, LAYOUT.shapes)))
                         .resize((SIZE, SIZE), Image.BICUBIC))
    with pytest.raises(ValueError, match='neither resized nor cropped'):
        true_target(resized, 'AtoB')


def test_a_striped_source_given_as_domain_a_is_refused():
    with pytest.raises(ValueError, match='not colours of synth_stripes domain A'):
        true_target(STRIPED, 'AtoB')


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="'AtoC'"):
        true_target(PLAIN, 'AtoC')
