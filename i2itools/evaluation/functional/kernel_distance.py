"""KID (Bińkowski et al. 2018): the unbiased squared MMD between two feature sets under the
cubic polynomial kernel, averaged over random subsets; unbiased, so 0 in expectation for two
samples of one distribution, however small."""
import numpy as np

from .frechet_distance import feature_matrix


def polynomial_kernel(x, y):
    """``k(a, b) = (a.b / D + 1)^3`` for every row a of x (N, D) and b of y (M, D): (N, M)."""
    return (x @ y.T / x.shape[1] + 1) ** 3


def mmd2_unbiased(x, y):
    """Unbiased estimate of MMD^2 between the distributions of the rows of x (N, D), y (M, D).

    The within-set means leave out the diagonal ``k(a, a)``, which is what makes the estimate
    unbiased (the V-statistic that keeps it is biased upwards).
    """
    x, y = feature_matrix(x, 'x'), feature_matrix(y, 'y')
    n, m = len(x), len(y)
    within_x, within_y = polynomial_kernel(x, x), polynomial_kernel(y, y)
    return float((within_x.sum() - np.trace(within_x)) / (n * (n - 1))
                 + (within_y.sum() - np.trace(within_y)) / (m * (m - 1))
                 - 2 * polynomial_kernel(x, y).mean())


def kernel_inception_distance(features1, features2, subsets=100, subset_size=1000, seed=0):
    """KID of two (N, D) feature sets: mean and standard deviation of :func:`mmd2_unbiased`
    over ``subsets`` random pairs of subsets, each of ``min(subset_size, N1, N2)`` rows of its
    set drawn without replacement (so a set smaller than ``subset_size`` caps the size).

    ``seed`` fixes the subsets, so a value can be reproduced exactly.
    """
    features1 = feature_matrix(features1, 'features1')
    features2 = feature_matrix(features2, 'features2')
    if subsets < 1 or subset_size < 2:
        raise ValueError(f'kernel_inception_distance needs subsets >= 1 and subset_size >= 2, '
                         f'got subsets={subsets}, subset_size={subset_size}')
    size = min(subset_size, len(features1), len(features2))
    rng = np.random.default_rng(seed)
    values = [mmd2_unbiased(features1[rng.choice(len(features1), size, replace=False)],
                            features2[rng.choice(len(features2), size, replace=False)])
              for _ in range(subsets)]
    return float(np.mean(values)), float(np.std(values))
