"""Networks, losses, branches and the generic translation model; importing registers them all."""
from . import branches, common, discriminators, generators, losses  # noqa: F401
from .data_preprocessor import TranslationDataPreprocessor
from .image_pool import ImagePool
from .translator import Translator

__all__ = ['ImagePool', 'TranslationDataPreprocessor', 'Translator']
