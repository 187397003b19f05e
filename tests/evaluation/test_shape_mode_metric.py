"""ShapeModeMetric and its scores on images rendered by the data's own rule (known answers)."""
import numpy as np
import pytest
import torch

from i2itools.datasets.synthetic.shape_modes import (BACKGROUND, random_shapes_layout, render,
                                                     render_filled)
from i2itools.evaluation.functional.shape_mode_scores import (generated_mask, js_divergence,
                                                              mask_iou, realism)
from i2itools.evaluation.metrics import ShapeModeMetric

SIZE = 48


def to_tensor(image):
    return torch.from_numpy(image).permute(2, 0, 1).float() / 127.5 - 1


def layout(seed):
    return random_shapes_layout(np.random.default_rng(seed), SIZE)


def sample(seed, true_mode, sample_modes, encoded_mode=None):
    """The metric's input for one layout: A, B in ``true_mode``, exact samples in ``sample_modes``."""
    shapes = layout(seed)
    edges, target = render(shapes, true_mode)
    out = dict(A=to_tensor(edges), B=to_tensor(target),
               samples_B=torch.stack([to_tensor(render_filled(shapes, m)) for m in sample_modes]))
    if encoded_mode is not None:
        out['fake_B_encoded'] = to_tensor(render_filled(shapes, encoded_mode))
    return out


def scores(samples, **kwargs):
    metric = ShapeModeMetric(**kwargs)
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)


def test_exact_samples_of_every_mode_score_full_coverage_realism_and_fidelity():
    result = scores([sample(i, i % 4, [0, 1, 2, 3], encoded_mode=i % 4) for i in range(8)])
    assert result['mode_coverage'] == 1.0 and result['modes_per_input'] == 4.0
    assert result['realism'] == pytest.approx(1.0, abs=0.01)
    assert result['mask_iou'] == pytest.approx(1.0, abs=0.02)
    assert result['encoded_mode_accuracy'] == 1.0
    assert result['mode_js'] == pytest.approx(0.0, abs=1e-12)  # both histograms uniform


def test_a_collapsed_model_covers_one_mode_and_diverges_from_the_true_histogram():
    result = scores([sample(i, i % 4, [2, 2, 2], encoded_mode=2) for i in range(8)])
    assert result['modes_per_input'] == 1.0 and result['mode_coverage'] == 0.25
    assert result['encoded_mode_accuracy'] == 0.25  # right only for the inputs of mode 2
    # all draws in one of 4 equally likely modes, mixture m = (1/8, 1/8, 5/8, 1/8):
    # KL(draws || m) = log2(8/5), KL(true || m) = 3/4 + 1/4 log2(2/5)
    expected = (np.log2(8 / 5) + 0.75 + 0.25 * np.log2(2 / 5)) / 2
    assert result['mode_js'] == pytest.approx(expected)


def test_encoded_accuracy_is_left_out_for_models_without_an_encoder():
    assert 'encoded_mode_accuracy' not in scores([sample(0, 1, [1, 2])])


def test_the_background_painted_everywhere_has_no_realism_and_no_shape():
    shapes = layout(3)
    grey = np.broadcast_to(BACKGROUND, (SIZE, SIZE, 3)).copy()
    assert realism(grey, shapes.mask(), 4) == 0.0
    assert mask_iou(generated_mask(grey, 4), shapes.mask()) == 0.0


def test_realism_counts_the_share_of_shape_pixels_off_the_palette():
    shapes = layout(4)
    image = render_filled(shapes, 1)
    mask = shapes.mask()
    ys, xs = np.nonzero(mask)
    half = len(ys) // 2
    image[ys[:half], xs[:half]] = (128, 128, 128)  # grey is no mode's colour at any shade
    assert realism(image, mask, 4) == pytest.approx(1 - half / len(ys))


def test_a_missing_samples_key_names_the_branch_to_add():
    metric = ShapeModeMetric()
    with pytest.raises(KeyError, match='SamplesBranch'):
        metric.process({}, [dict(A=torch.zeros(3, 8, 8), B=torch.zeros(3, 8, 8))])


def test_js_divergence_is_zero_for_equal_and_one_for_disjoint_histograms():
    assert js_divergence([2, 4], [1, 2]) == pytest.approx(0.0)
    assert js_divergence([1, 0], [0, 1]) == pytest.approx(1.0)
