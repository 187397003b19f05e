"""Discriminators; importing this package registers them in ``MODELS``."""
from .multiscale_discriminator import MultiScaleDiscriminator
from .nlayer_discriminator import NLayerDiscriminator
from .pixel_discriminator import PixelDiscriminator

__all__ = ['MultiScaleDiscriminator', 'NLayerDiscriminator', 'PixelDiscriminator']
