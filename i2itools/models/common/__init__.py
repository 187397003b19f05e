"""Pieces shared by the networks: normalisation layers, the conv-bias rule, weight init, the
layer factories of the BicycleGAN networks, and reading intermediate features by layer index."""
from .bicycle_layers import (NONLINEARITIES, UPSAMPLES, build_nonlinearity, concat_z,
                             optional_norm, upsample_layers)
from .init_weights import init_weights
from .layer_features import feature_channels, layer_features, layer_list
from .norm import NORMS, build_norm, conv_bias

__all__ = ['NONLINEARITIES', 'NORMS', 'UPSAMPLES', 'build_norm', 'build_nonlinearity',
           'concat_z', 'conv_bias', 'feature_channels', 'init_weights', 'layer_features',
           'layer_list', 'optional_norm', 'upsample_layers']
