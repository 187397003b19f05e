"""Networks, losses, branches and the generic translation model; importing registers them all."""
from . import (branches, common, discriminators, encoders, generators, heads,  # noqa: F401
               injection, layers, losses)
from .data_preprocessor import TranslationDataPreprocessor
from .image_pool import ImagePool
from .translator import Translator

__all__ = ['ImagePool', 'TranslationDataPreprocessor', 'Translator']
