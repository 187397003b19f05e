"""Pieces shared by the networks: normalisation layers, the conv-bias rule, weight init, and the
layer factories of the BicycleGAN networks."""
from .bicycle_layers import (NONLINEARITIES, UPSAMPLES, build_nonlinearity, concat_z,
                             optional_norm, upsample_layers)
from .init_weights import init_weights
from .norm import NORMS, build_norm, conv_bias

__all__ = ['NONLINEARITIES', 'NORMS', 'UPSAMPLES', 'build_norm', 'build_nonlinearity',
           'concat_z', 'conv_bias', 'init_weights', 'optional_norm', 'upsample_layers']
