"""Pieces shared by the networks: normalisation layers, the conv-bias rule, weight init."""
from .init_weights import init_weights
from .norm import NORMS, build_norm, conv_bias

__all__ = ['NORMS', 'build_norm', 'conv_bias', 'init_weights']
