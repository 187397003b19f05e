"""Discriminators; importing this package registers them in ``MODELS``."""
from .nlayer_discriminator import NLayerDiscriminator
from .pixel_discriminator import PixelDiscriminator

__all__ = ['NLayerDiscriminator', 'PixelDiscriminator']
