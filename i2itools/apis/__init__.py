"""Using trained models: build from a config, load checkpoints (ours or the reference's), test."""
from .checkpoint_loading import load_checkpoint
from .model_building import build_model
from .sampling import run_sampling
from .testing import run_test

__all__ = ['build_model', 'load_checkpoint', 'run_sampling', 'run_test']
