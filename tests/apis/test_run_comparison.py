"""The two-sample comparison of runs: exact permutation p-values and the one-std criterion."""
import pytest

from i2itools.apis.run_comparison import comparison_rows, comparison_table, permutation_p_value


def test_completely_separated_groups_reach_the_smallest_exact_p_value():
    # of the 20 ways to split six values into two groups of three, only the observed split
    # and its mirror image reach |difference of means| = 3
    assert permutation_p_value([1, 2, 3], [4, 5, 6]) == pytest.approx(2 / 20)


def test_identical_groups_give_p_one():
    assert permutation_p_value([1.0, 2.0], [2.0, 1.0]) == 1.0


def test_large_groups_are_sampled_with_a_fixed_seed():
    x, y = list(range(12)), [v + 0.5 for v in range(12)]
    p = permutation_p_value(x, y, samples=2000)
    assert p == permutation_p_value(x, y, samples=2000) and 0.5 < p <= 1.0


def test_rows_say_whether_the_other_mean_lies_within_one_baseline_std():
    baseline = [dict(L1=0.10), dict(L1=0.12), dict(L1=0.14)]   # mean 0.12, std 0.02
    close, far = [dict(L1=0.13)] * 3, [dict(L1=0.15)] * 3
    assert comparison_rows(baseline, close)[0]['within_std']
    assert not comparison_rows(baseline, far)[0]['within_std']
    assert '**no**' in comparison_table('reference', baseline, 'i2itools', far)
