"""Encoders of an image into a latent code z; importing this package registers them in ``MODELS``.

Every encoder returns a tuple ``(mu, logvar)`` of shape (N, out_channels) each; a point encoder
(``vae_like=False``) returns ``(z, None)``, so callers unpack the same way in both cases.
"""
from .conv_encoder import CONV_ENCODER_PRESETS, ConvEncoder
from .resnet_encoder import RESNET_ENCODER_PRESETS, ResidualDownBlock, ResnetEncoder

__all__ = ['CONV_ENCODER_PRESETS', 'ConvEncoder', 'RESNET_ENCODER_PRESETS', 'ResidualDownBlock',
           'ResnetEncoder']
