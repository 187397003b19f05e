"""KID: the unbiased MMD^2 equals its double-sum definition, is 0 in expectation for one
distribution (where the V-statistic is not), and separates two distributions."""
import numpy as np
import pytest

from i2itools.evaluation.functional.kernel_distance import (kernel_inception_distance,
                                                            mmd2_unbiased)


def _kernel(a, b):
    return (np.dot(a, b) / len(a) + 1) ** 3


def _double_loop_mmd2(x, y):
    """The U-statistic of Gretton et al. written out pair by pair."""
    n, m = len(x), len(y)
    within_x = sum(_kernel(x[i], x[j]) for i in range(n) for j in range(n) if i != j)
    within_y = sum(_kernel(y[i], y[j]) for i in range(m) for j in range(m) if i != j)
    across = sum(_kernel(x[i], y[j]) for i in range(n) for j in range(m))
    return within_x / (n * (n - 1)) + within_y / (m * (m - 1)) - 2 * across / (n * m)


def _v_statistic(x, y):
    """The biased MMD^2 that keeps the diagonal k(a, a) terms."""
    d = x.shape[1]
    return (((x @ x.T / d + 1) ** 3).mean() + ((y @ y.T / d + 1) ** 3).mean()
            - 2 * ((x @ y.T / d + 1) ** 3).mean())


def test_mmd2_unbiased_equals_the_double_loop_definition():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(5, 3)), rng.normal(0.5, 1.0, size=(6, 3))
    assert mmd2_unbiased(x, y) == pytest.approx(_double_loop_mmd2(x, y), rel=1e-12)


def test_kid_is_zero_in_expectation_for_one_distribution_unlike_the_v_statistic():
    rng = np.random.default_rng(1)
    draws = [rng.normal(size=(2, 8, 4)) for _ in range(3000)]
    unbiased = np.array([mmd2_unbiased(x, y) for x, y in draws])
    biased = np.array([_v_statistic(x, y) for x, y in draws])
    standard_error = unbiased.std() / np.sqrt(len(draws))
    assert abs(unbiased.mean()) < 4 * standard_error
    assert biased.mean() > 20 * biased.std() / np.sqrt(len(draws))


def test_kid_of_shifted_features_is_far_above_its_spread_and_reproducible_by_seed():
    rng = np.random.default_rng(2)
    real, fake = rng.normal(size=(200, 16)), rng.normal(0.5, 1.0, size=(200, 16))
    mean, std = kernel_inception_distance(fake, real, subsets=20, subset_size=50, seed=3)
    assert mean > 5 * std > 0
    assert kernel_inception_distance(fake, real, 20, 50, seed=3) == (mean, std)
    assert kernel_inception_distance(fake, real, 20, 50, seed=4) != (mean, std)


def test_sets_smaller_than_the_subset_size_are_used_whole():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(10, 4)), rng.normal(size=(10, 4))
    mean, std = kernel_inception_distance(x, y, subsets=4, subset_size=1000)
    assert mean == pytest.approx(mmd2_unbiased(x, y), rel=1e-12)  # the same pairs each time
    assert std == pytest.approx(0, abs=1e-12)


def test_too_few_subsets_or_rows_are_refused():
    x = np.zeros((5, 3))
    with pytest.raises(ValueError, match='subset_size=1'):
        kernel_inception_distance(x, x, subsets=3, subset_size=1)
