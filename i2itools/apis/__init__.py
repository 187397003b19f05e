"""Using trained models: build from a config, load checkpoints (ours or the reference's), test."""
from .checkpoint_loading import load_checkpoint
from .model_building import build_model
from .model_loading import load_model
from .sampling import run_sampling
from .testing import run_test
from .translator_api import ImageTranslator, load_translator

__all__ = ['ImageTranslator', 'build_model', 'load_checkpoint', 'load_model', 'load_translator',
           'run_sampling', 'run_test']
