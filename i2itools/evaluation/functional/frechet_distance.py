"""Fréchet distance between Gaussians, and FID between two feature sets, in float64 without
scipy: symmetric eigen-decompositions only, so no complex parts and no failed square roots."""
import numpy as np


def feature_matrix(features, name='features'):
    """(N, D) features (numpy array or CPU tensor) as a float64 array, N >= 2."""
    features = np.asarray(features, dtype=np.float64)
    if features.ndim != 2 or len(features) < 2:
        raise ValueError(f'{name} must be an (N, D) array with N >= 2, got shape '
                         f'{features.shape}')
    return features


def feature_statistics(features):
    """Mean (D,) and unbiased covariance (D, D) of (N, D) features, in float64."""
    features = feature_matrix(features)
    return features.mean(axis=0), np.cov(features, rowvar=False)


def frechet_distance(mu1, sigma1, mu2, sigma2):
    """Fréchet distance ``|mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1 S2)^(1/2))`` of two Gaussians.

    ``tr((S1 S2)^(1/2))`` is computed as the sum of the square roots of the eigenvalues of the
    symmetric ``S1^(1/2) S2 S1^(1/2)``, which has the same spectrum; eigenvalues that rounding
    makes slightly negative count as 0. Covariances may be singular (fewer samples than D).
    """
    mu1, mu2 = np.asarray(mu1, np.float64), np.asarray(mu2, np.float64)
    sigma1, sigma2 = np.asarray(sigma1, np.float64), np.asarray(sigma2, np.float64)
    dim = mu1.shape[0]
    if mu1.shape != (dim,) or mu2.shape != (dim,) or sigma1.shape != (dim, dim) \
            or sigma2.shape != (dim, dim):
        raise ValueError('frechet_distance needs means of shape (D,) and covariances (D, D) of '
                         f'one D; got {mu1.shape}, {sigma1.shape}, {mu2.shape}, {sigma2.shape}')
    root1 = _psd_sqrt(sigma1)
    trace_root = _sqrt_eigenvalues(root1 @ sigma2 @ root1).sum()
    distance = np.sum((mu1 - mu2) ** 2) + np.trace(sigma1) + np.trace(sigma2) - 2 * trace_root
    return max(float(distance), 0.0)  # a true distance; rounding can leave -1e-12 for equal sets


def fid_from_features(features1, features2):
    """FID of two (N, D) feature sets: the Fréchet distance of their Gaussian fits.

    With fewer samples than dimensions (the usual case for small test sets and 2048-d Inception
    features) ``tr((S1 S2)^(1/2))`` equals the nuclear norm of ``X1c X2c^T`` over
    ``sqrt((N1 - 1)(N2 - 1))`` (Xc: centred features), which is exact and avoids D x D matrices.
    """
    features1 = feature_matrix(features1, 'features1')
    features2 = feature_matrix(features2, 'features2')
    if features1.shape[1] != features2.shape[1]:
        raise ValueError(f'fid_from_features: feature sizes differ: {features1.shape[1]} vs '
                         f'{features2.shape[1]}')
    (n1, dim), n2 = features1.shape, len(features2)
    if min(n1, n2) >= dim:
        return frechet_distance(*feature_statistics(features1), *feature_statistics(features2))
    mean1, mean2 = features1.mean(axis=0), features2.mean(axis=0)
    centred1, centred2 = features1 - mean1, features2 - mean2
    trace_root = np.linalg.svd(centred1 @ centred2.T, compute_uv=False).sum() \
        / np.sqrt((n1 - 1) * (n2 - 1))
    distance = (np.sum((mean1 - mean2) ** 2) + np.sum(centred1 ** 2) / (n1 - 1)
                + np.sum(centred2 ** 2) / (n2 - 1) - 2 * trace_root)
    return max(float(distance), 0.0)


def _psd_sqrt(matrix):
    """Symmetric square root of a symmetric positive semi-definite matrix."""
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T


def _sqrt_eigenvalues(matrix):
    return np.sqrt(np.clip(np.linalg.eigvalsh((matrix + matrix.T) / 2), 0, None))
