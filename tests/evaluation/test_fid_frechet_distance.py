"""Fréchet distance and FID on features: zero for a set with itself, the closed form from sample
and population statistics, the few-samples route equal to the covariance route."""
import numpy as np
import pytest

from i2itools.evaluation.functional.frechet_distance import (feature_statistics,
                                                             fid_from_features,
                                                             frechet_distance)


def _closed_form(mu1, sigma1, mu2, sigma2):
    """``|mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1 S2)^(1/2))`` through the eigenvalues of the
    non-symmetric S1 S2 (real and >= 0 for two covariances): another route than the code's."""
    trace_root = np.sqrt(np.clip(np.linalg.eigvals(sigma1 @ sigma2).real, 0, None)).sum()
    return np.sum((mu1 - mu2) ** 2) + np.trace(sigma1) + np.trace(sigma2) - 2 * trace_root


def _population(dim, seed):
    """A mean and a full-rank, non-diagonal covariance."""
    rng = np.random.default_rng(seed)
    mixing = rng.normal(size=(dim, dim))
    return rng.normal(size=dim), mixing @ mixing.T / dim + 0.1 * np.eye(dim)


def _draw(mu, sigma, count, seed):
    return np.random.default_rng(seed).multivariate_normal(mu, sigma, size=count)


@pytest.mark.parametrize('count, dim', [(200, 8), (20, 64)])  # covariance and few-samples routes
def test_fid_of_a_set_with_itself_is_zero(count, dim):
    features = _draw(*_population(dim, 0), count, 1)
    assert fid_from_features(features, features.copy()) == pytest.approx(0, abs=1e-9)
    assert frechet_distance(*feature_statistics(features), *feature_statistics(features)) \
        == pytest.approx(0, abs=1e-9)


def test_frechet_distance_of_commuting_covariances_is_the_sum_of_squared_root_differences():
    a, b = np.array([1.0, 4.0, 9.0]), np.array([4.0, 4.0, 1.0])
    mu1, mu2 = np.zeros(3), np.array([1.0, 2.0, 2.0])
    expected = 9.0 + np.sum((np.sqrt(a) - np.sqrt(b)) ** 2)  # |mu1 - mu2|^2 = 9
    assert frechet_distance(mu1, np.diag(a), mu2, np.diag(b)) == pytest.approx(expected)


def test_fid_of_two_gaussian_sets_is_the_closed_form_of_their_sample_statistics():
    first = _draw(*_population(6, 2), 300, 3)
    second = _draw(*_population(6, 4), 400, 5)
    expected = _closed_form(first.mean(0), np.cov(first.T), second.mean(0), np.cov(second.T))
    assert fid_from_features(first, second) == pytest.approx(expected, rel=1e-9)


def test_fid_of_large_gaussian_samples_approaches_the_population_value():
    (mu1, sigma1), (mu2, sigma2) = _population(4, 6), _population(4, 7)
    expected = _closed_form(mu1, sigma1, mu2, sigma2)
    measured = fid_from_features(_draw(mu1, sigma1, 100_000, 8), _draw(mu2, sigma2, 100_000, 9))
    assert expected > 1
    assert measured == pytest.approx(expected, rel=0.02)


def test_fewer_samples_than_dimensions_give_the_covariance_routes_value():
    first, second = _draw(*_population(40, 10), 12, 11), _draw(*_population(40, 12), 15, 13)
    via_covariances = frechet_distance(*feature_statistics(first), *feature_statistics(second))
    # singular covariances: their route takes square roots of rounding-level eigenvalues
    assert fid_from_features(first, second) == pytest.approx(via_covariances, rel=1e-7)
    assert via_covariances == pytest.approx(
        _closed_form(*feature_statistics(first), *feature_statistics(second)), rel=1e-6)


def test_mismatched_shapes_are_refused_with_the_shapes():
    with pytest.raises(ValueError, match=r'\(3,\), \(3, 3\), \(2,\), \(2, 2\)'):
        frechet_distance(np.zeros(3), np.eye(3), np.zeros(2), np.eye(2))
    with pytest.raises(ValueError, match='feature sizes differ: 3 vs 4'):
        fid_from_features(np.zeros((5, 3)), np.zeros((5, 4)))
    with pytest.raises(ValueError, match='N >= 2'):
        fid_from_features(np.zeros((1, 3)), np.zeros((5, 3)))
