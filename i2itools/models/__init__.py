"""Networks, losses, branches and the generic translation model; importing registers them all."""
from . import (branches, common, discriminators, encoders, generators, injection,  # noqa: F401
               losses)
from .data_preprocessor import TranslationDataPreprocessor
from .image_pool import ImagePool
from .translator import Translator

__all__ = ['ImagePool', 'TranslationDataPreprocessor', 'Translator']
