"""i2itools: pix2pix, CycleGAN and BicycleGAN — and their ablations — as configs on one model."""
from .engine.checkpoint_safety import allow_mmengine_checkpoint_globals
from .version import __version__

allow_mmengine_checkpoint_globals()

__all__ = ['__version__']
