"""The fixed blur kernel of anti-aliased resampling: a normalised 2-D binomial filter."""
from math import comb

import torch


def binomial_filter(size):
    """``size`` x ``size`` tensor: the outer product of row ``size - 1`` of Pascal's triangle
    with itself, divided by its sum (3: [1, 2, 1] ⊗ [1, 2, 1] / 16), as Zhang's "Making
    convolutional networks shift-invariant again" and the CUT reference use."""
    if not isinstance(size, int) or size < 1:
        raise ValueError(f'a binomial filter needs an int size >= 1, got {size!r}')
    row = torch.tensor([float(comb(size - 1, k)) for k in range(size)])
    kernel = row[:, None] * row[None, :]
    return kernel / kernel.sum()
