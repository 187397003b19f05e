"""Generators; importing this package registers them in ``MODELS``."""
from .resnet_generator import ResnetBlock, ResnetGenerator
from .unet_generator import UNET_PRESETS, UnetGenerator, UnetSkipBlock
from .z_unet_generator import ZUnetGenerator

__all__ = ['ResnetBlock', 'ResnetGenerator', 'UNET_PRESETS', 'UnetGenerator', 'UnetSkipBlock',
           'ZUnetGenerator']
