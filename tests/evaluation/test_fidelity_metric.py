"""PairedFidelity: means over images of L1, PSNR (identical images capped) and SSIM."""
import pytest
import torch
from mmengine.registry import init_default_scope

from i2itools.evaluation.functional.fidelity import ssim
from i2itools.evaluation.metrics import PairedFidelity
from i2itools.registry import METRICS


def _image(seed):
    gen = torch.Generator().manual_seed(seed)
    return torch.rand(3, 16, 16, generator=gen) * 1.2 - 0.6  # room for a +0.2 shift


def _scores(samples, **options):
    metric = PairedFidelity(**options)
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)


def test_scores_are_means_over_images_on_the_unit_scale():
    same, shifted = _image(0), _image(1)
    scores = _scores([dict(fake_B=same.clone(), B=same),
                      dict(fake_B=shifted + 0.2, B=shifted)])  # 0.1 on [0, 1]: MSE 0.01, 20 dB
    assert scores['L1'] == pytest.approx((0 + 0.1) / 2)
    assert scores['PSNR'] == pytest.approx((100 + 20) / 2)
    expected_ssim = ssim((shifted + 1.2) / 2, (shifted + 1) / 2).item()
    assert expected_ssim < 1
    assert scores['SSIM'] == pytest.approx((1 + expected_ssim) / 2)


def test_identical_images_enter_the_psnr_mean_at_max_psnr():
    image = _image(2)
    assert _scores([dict(fake_B=image, B=image)], max_psnr=60.0)['PSNR'] == 60.0


def test_samples_of_one_input_count_once_with_their_mean():
    image = _image(3)
    samples = torch.stack([image, image + 0.2])
    scores = _scores([dict(fake_B=samples, B=image), dict(fake_B=image + 0.2, B=image)])
    assert scores['L1'] == pytest.approx(((0 + 0.1) / 2 + 0.1) / 2)


def test_keys_are_arguments():
    image = _image(4)
    scores = _scores([dict(rec_A=image + 0.2, A=image)], pred='rec_A', target='A')
    assert scores['L1'] == pytest.approx(0.1)


def test_a_missing_output_is_named_with_what_the_outputs_hold():
    with pytest.raises(KeyError, match=r"\['fake_B'\].*\['A', 'B'\]"):
        _scores([dict(A=_image(5), B=_image(6))])


def test_builds_from_a_config_dict():
    init_default_scope('i2itools')
    metric = METRICS.build(dict(type='PairedFidelity', pred='fake_A', target='A'))
    assert (metric.pred, metric.target) == ('fake_A', 'A')
