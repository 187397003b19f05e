"""StripeTargetAgreement: one class per direction, fed the generator's renderings as tensors."""
import numpy as np
import pytest
import torch
from mmengine.evaluator import Evaluator
from mmengine.registry import init_default_scope

from i2itools.datasets.synthetic.stripe_rule import dark_rows, stripe_period
from i2itools.datasets.synthetic.synth_stripes import synth_stripes_image
from i2itools.evaluation.metrics import StripeTargetAgreement

SIZE = 32


def to_tensor(image):
    """(H, W, 3) uint8 -> (3, H, W) in [-1, 1], as the data preprocessor maps images."""
    return torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1).float() / 127.5 - 1


def renderings(index):
    """A test pair as the generator makes it: A, its true B, B, its true A."""
    a, true_b, layout_a = synth_stripes_image(0, 'test', 'A', index, SIZE)
    b, true_a, _ = synth_stripes_image(0, 'test', 'B', index, SIZE)
    return a, true_b, b, true_a, layout_a


def both_directions(samples):
    init_default_scope('i2itools')
    evaluator = Evaluator([dict(type='StripeTargetAgreement', direction='AtoB'),
                           dict(type='StripeTargetAgreement', direction='BtoA')])
    evaluator.process(samples, {})
    return evaluator.evaluate(len(samples))


def test_true_targets_score_perfectly_in_both_directions_of_one_evaluator():
    samples = []
    for index in range(3):
        a, true_b, b, true_a, _ = renderings(index)
        samples.append(dict(A=to_tensor(a), fake_B=to_tensor(true_b), B=to_tensor(b),
                            fake_A=to_tensor(true_a)))
    scores = both_directions(samples)
    assert scores == pytest.approx(dict(AtoB_L1=0, AtoB_mask_IoU=1, AtoB_texture=1,
                                        BtoA_L1=0, BtoA_mask_IoU=1, BtoA_texture=1), abs=1e-6)


def test_an_unchanged_input_has_the_right_tone_only_off_the_dark_rows():
    a, _, _, _, layout = renderings(0)
    inside = layout.color_map() >= 0
    dark = inside & dark_rows(SIZE, stripe_period(SIZE))[:, None]
    metric = StripeTargetAgreement('AtoB')
    metric.process({}, [dict(A=to_tensor(a), fake_B=to_tensor(a))])
    scores = metric.compute_metrics(metric.results)
    assert scores['AtoB_texture'] == pytest.approx(1 - dark.sum() / inside.sum())
    assert scores['AtoB_mask_IoU'] == 1.0 and scores['AtoB_L1'] > 0


def test_samples_of_one_input_count_once_with_their_mean():
    a, true_b, _, _, _ = renderings(1)
    two = torch.stack([to_tensor(true_b), to_tensor(a)])
    metric = StripeTargetAgreement('AtoB')
    metric.process({}, [dict(A=to_tensor(a), fake_B=two), dict(A=to_tensor(a), fake_B=two[1])])
    unchanged = metric.results[1]['texture']
    assert metric.results[0]['texture'] == pytest.approx((1 + unchanged) / 2)


def test_direction_picks_the_default_keys_and_explicit_keys_win():
    backward = StripeTargetAgreement('BtoA')
    assert (backward.source, backward.pred) == ('B', 'fake_A')
    custom = StripeTargetAgreement('AtoB', source='real_A', pred='idt_B')
    assert (custom.source, custom.pred) == ('real_A', 'idt_B')


def test_an_unknown_direction_is_refused_when_built():
    with pytest.raises(ValueError, match="direction='AB'"):
        StripeTargetAgreement('AB')


def test_a_resized_input_is_refused_naming_its_file():
    a, true_b, _, _, _ = renderings(2)
    resized = torch.nn.functional.interpolate(to_tensor(a)[None], scale_factor=0.5,
                                              mode='bilinear')[0]
    metric = StripeTargetAgreement('AtoB')
    with pytest.raises(ValueError, match='testA/0002.png.*neither resized nor cropped'):
        metric.process({}, [dict(A=resized, fake_B=resized, A_path='data/testA/0002.png')])


def test_a_missing_output_is_named_with_what_the_outputs_hold():
    a = to_tensor(renderings(0)[0])
    with pytest.raises(KeyError, match=r"BtoA.*\['B', 'fake_A'\].*\['A', 'fake_B'\]"):
        both_directions([dict(A=a, fake_B=a)])
