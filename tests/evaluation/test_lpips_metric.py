"""The registered LPIPS metric end to end with local random weights: the mean paired distance,
multi-sample outputs counted per input, built from a config dict in an Evaluator."""
import pytest
import torch
from mmengine.evaluator import Evaluator
from mmengine.registry import DefaultScope
from random_weight_files import save_random_lpips

from i2itools.evaluation.functional.lpips import build_lpips
from i2itools.evaluation.metrics import LPIPS


@pytest.fixture(scope='module')
def weights(tmp_path_factory):
    backbone, linear, _, _ = save_random_lpips(tmp_path_factory.mktemp('lpips'), 'alex')
    return dict(net='alex', backbone_weights=str(backbone), linear_weights=str(linear),
                device='cpu')


def _images(shape, seed):
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed)) * 2 - 1


def _evaluate(metric, samples):
    metric.process({}, samples)
    return metric.evaluate(len(samples))['LPIPS']


def test_lpips_is_the_mean_distance_of_each_pair_and_zero_for_identical_pairs(weights):
    real, fake = _images((3, 3, 32, 32), 0), _images((3, 3, 32, 32), 1)
    with torch.no_grad():
        expected = build_lpips(**weights)(fake, real).mean().item()
    samples = [dict(B=real[i], fake_B=fake[i]) for i in range(3)]
    assert _evaluate(LPIPS(**weights), samples) == pytest.approx(expected, rel=1e-5)
    identical = [dict(B=real[i], fake_B=real[i].clone()) for i in range(3)]
    assert _evaluate(LPIPS(**weights), identical) == pytest.approx(0, abs=1e-7)


def test_each_input_counts_once_with_the_mean_of_its_samples(weights):
    real = _images((2, 3, 32, 32), 2)
    samples = [dict(B=real[0], samples_B=_images((3, 3, 32, 32), 3)),
               dict(B=real[1], samples_B=real[1:2].clone())]  # one sample, identical: 0
    with torch.no_grad():
        first = build_lpips(**weights)(samples[0]['samples_B'], real[:1].expand(3, -1, -1, -1))
    result = _evaluate(LPIPS(pred='samples_B', **weights), samples)
    assert result == pytest.approx(first.mean().item() / 2, rel=1e-5)


def test_lpips_builds_from_a_config_dict_in_an_evaluator(weights):
    with DefaultScope.overwrite_default_scope('i2itools'):
        evaluator = Evaluator([dict(type='LPIPS', pred='fake_B', target='B', **weights),
                               dict(type='LPIPS', pred='B', target='B', prefix='same',
                                    **weights)])
    real = _images((2, 3, 32, 32), 4)
    evaluator.process([dict(B=real[i], fake_B=-real[i]) for i in range(2)], {})
    results = evaluator.evaluate(2)
    assert set(results) == {'LPIPS', 'same/LPIPS'}
    assert results['LPIPS'] > 0 and results['same/LPIPS'] == pytest.approx(0, abs=1e-7)


def test_a_missing_weights_file_fails_when_the_metric_is_built(weights, tmp_path):
    with pytest.raises(ValueError, match='backbone_weights: no file at'):
        LPIPS(**{**weights, 'backbone_weights': str(tmp_path / 'alexnet.pth')})
