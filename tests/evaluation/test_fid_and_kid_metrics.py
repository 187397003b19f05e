"""The registered FID and KID metrics end to end on tiny random images with local random
Inception weights: the distances of the features of every sample, built from config dicts."""
import pytest
import torch
from mmengine.evaluator import Evaluator
from mmengine.registry import DefaultScope
from random_weight_files import save_random_inception

from i2itools.evaluation.functional.frechet_distance import fid_from_features
from i2itools.evaluation.functional.inception_features import load_inception_features
from i2itools.evaluation.functional.kernel_distance import kernel_inception_distance
from i2itools.evaluation.metrics import FID, KID


@pytest.fixture(scope='module')
def inception_weights(tmp_path_factory):
    path = tmp_path_factory.mktemp('inception') / 'inception_v3_random.pth'
    save_random_inception(path)
    return path


def _images(shape, seed):
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed)) * 2 - 1


def _samples(count, seed, fake=None):
    """Test-step outputs: real 'B' (C, H, W) and 'fake_B' (``fake(B)``, default: other images)
    plus two samples per input (N, C, H, W)."""
    real = _images((count, 3, 24, 24), seed)
    fakes = fake(real) if fake else _images((count, 3, 24, 24), seed + 1)
    return [dict(B=real[i], fake_B=fakes[i], samples_B=_images((2, 3, 24, 24), seed + 2 + i))
            for i in range(count)]


def _evaluate(metric, batches):
    for batch in batches:
        metric.process({}, batch)
    return metric.evaluate(sum(map(len, batches)))


@pytest.fixture(scope='module')
def inception(inception_weights):
    return load_inception_features(inception_weights, device='cpu')


def _features(inception, images):
    with torch.no_grad():
        return inception(torch.stack(images))


def test_fid_of_fakes_equal_to_the_reals_is_zero(inception_weights):
    same = _evaluate(FID(inception_weights=inception_weights, device='cpu'),
                     [_samples(2, 0, fake=torch.clone)])['FID']
    other = _evaluate(FID(inception_weights=inception_weights, device='cpu'),
                      [_samples(2, 0)])['FID']
    assert other > 0
    assert same <= 1e-6 * other


def test_fid_counts_every_sample_of_multi_sample_outputs_over_batches(inception_weights,
                                                                     inception):
    batches = [_samples(2, 10), _samples(1, 20)]
    metric = FID(fake='samples_B', real='B', inception_weights=inception_weights, batch_size=3,
                 device='cpu')
    result = _evaluate(metric, batches)
    samples = [s for batch in batches for s in batch]
    fake = _features(inception, [x for s in samples for x in s['samples_B']])
    real = _features(inception, [s['B'] for s in samples])
    assert len(fake) == 6 and len(real) == 3
    assert result == {'FID': pytest.approx(fid_from_features(fake.double(), real.double()),
                                           rel=1e-6)}


def test_kid_is_the_kernel_distance_of_the_collected_features(inception_weights, inception):
    samples = _samples(3, 30)
    metric = KID(inception_weights=inception_weights, subsets=6, subset_size=2, seed=1,
                 device='cpu')
    result = _evaluate(metric, [samples[:2], samples[2:]])
    mean, std = kernel_inception_distance(
        _features(inception, [s['fake_B'] for s in samples]).double(),
        _features(inception, [s['B'] for s in samples]).double(), 6, 2, 1)
    assert result == {'KID': pytest.approx(mean, rel=1e-5), 'KID_std': pytest.approx(std, rel=1e-5)}
    assert std > 0


def test_fid_and_kid_build_from_config_dicts_in_an_evaluator(inception_weights):
    common = dict(inception_weights=str(inception_weights), device='cpu')
    with DefaultScope.overwrite_default_scope('i2itools'):
        evaluator = Evaluator([dict(type='FID', fake='fake_B', real='B', batch_size=4, **common),
                               dict(type='KID', subsets=2, subset_size=2, prefix='test',
                                    **common)])
    samples = _samples(2, 40)
    evaluator.process(samples, {})
    results = evaluator.evaluate(len(samples))
    assert set(results) == {'FID', 'test/KID', 'test/KID_std'}
    assert results['FID'] > 0


def test_a_wrong_output_name_lists_the_outputs_there_are(inception_weights):
    metric = FID(fake='fake_A', inception_weights=inception_weights, device='cpu')
    with pytest.raises(KeyError, match=r"FID reads 'fake_A'.*\['B', 'fake_B', 'samples_B'\]"):
        metric.process({}, _samples(1, 50))


def test_fewer_than_two_images_are_refused_with_the_counts(inception_weights):
    with pytest.raises(ValueError, match='at least 2 fake and 2 real images, got 1 and 1'):
        _evaluate(FID(inception_weights=inception_weights, device='cpu'), [_samples(1, 60)])


def test_with_path_outputs_a_repeated_input_or_real_image_counts_once(inception_weights,
                                                                      inception):
    distinct = [dict(s, A_path=f'A/{i}.png', B_path=f'B/{i}.png')
                for i, s in enumerate(_samples(2, 70))]
    # the unaligned test loader wraps the smaller domain around: item 2 repeats item 0
    metric = FID(inception_weights=inception_weights, fake_path='A_path', real_path='B_path',
                 device='cpu')
    result = _evaluate(metric, [distinct + [distinct[0]]])['FID']
    fake = _features(inception, [s['fake_B'] for s in distinct]).double()
    real = _features(inception, [s['B'] for s in distinct]).double()
    assert result == pytest.approx(fid_from_features(fake, real), rel=1e-6)
    assert result != pytest.approx(fid_from_features(fake[[0, 1, 0]], real[[0, 1, 0]]), rel=1e-3)


def test_a_missing_path_output_is_named_before_any_feature_is_computed(inception_weights):
    metric = FID(inception_weights=inception_weights, fake_path='A_path', device='cpu')
    with pytest.raises(KeyError, match=r"FID \(fake_path / real_path\) needs \['A_path'\]"):
        metric.process({}, _samples(1, 80))
    assert metric.results == []
