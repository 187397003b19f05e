"""Build the configured model outside a Runner, with the i2itools scope active."""
import torch
from mmengine.registry import init_default_scope

from i2itools.registry import MODELS


def build_model(cfg, device=None):
    """The ``cfg.model`` Translator on ``device`` (default: CUDA when available, else CPU)."""
    init_default_scope(cfg.get('default_scope', 'i2itools'))
    model = MODELS.build(cfg.model)
    return model.to(device or ('cuda' if torch.cuda.is_available() else 'cpu'))
