"""SampleDiversity: the mean pairwise distance of the samples of one input."""
import pytest
import torch

from i2itools.evaluation.metrics import SampleDiversity


def diversity(samples):
    metric = SampleDiversity()
    metric.process({}, [dict(samples_B=s) for s in samples])
    return metric.compute_metrics(metric.results)['diversity_L1']


def test_identical_samples_have_no_diversity():
    assert diversity([torch.zeros(4, 3, 8, 8)]) == 0.0


def test_l1_diversity_is_the_mean_pairwise_difference_on_the_unit_scale():
    # samples -1, 0, 1: pairs differ by 1, 2, 1 on [-1, 1], i.e. 4/3 / 2 = 2/3 on [0, 1]
    three = torch.stack([torch.full((3, 4, 4), v) for v in (-1.0, 0.0, 1.0)])
    assert diversity([three]) == pytest.approx(2 / 3)
    # averaged over inputs
    assert diversity([three, torch.zeros(2, 3, 4, 4)]) == pytest.approx(1 / 3)


def test_a_single_sample_per_input_is_refused_with_the_fix():
    with pytest.raises(ValueError, match='num_samples >= 2'):
        diversity([torch.zeros(1, 3, 4, 4)])


def test_consecutive_pairs_compare_each_sample_with_the_next_only():
    # samples -1, 0, 1: consecutive pairs differ by 1 and 1 on [-1, 1], 1/2 on [0, 1]
    three = torch.stack([torch.full((3, 4, 4), v) for v in (-1.0, 0.0, 1.0)])
    metric = SampleDiversity(pairs='consecutive')
    metric.process({}, [dict(samples_B=three)])
    assert metric.compute_metrics(metric.results)['diversity_L1'] == pytest.approx(1 / 2)
    with pytest.raises(ValueError, match=r"pairs='random' is not one of \['all', 'consecutive'\]"):
        SampleDiversity(pairs='random')


def test_eight_bit_measures_the_samples_as_saved_files():
    # 0 and 0.001 fall in the same 8-bit level (127 after rounding down), 0.01 in the next
    samples = torch.stack([torch.full((3, 4, 4), v) for v in (0.0, 0.001, 0.01)])
    metric = SampleDiversity(pairs='consecutive', eight_bit=True)
    metric.process({}, [dict(samples_B=samples)])
    # the pairs differ by 0 and by 1 level: a mean of 1 / 2 level, on [0, 1] (1 / 255) / 2
    result = metric.compute_metrics(metric.results)['diversity_L1']
    assert result == pytest.approx(1 / 510, rel=1e-5)
