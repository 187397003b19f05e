"""Build the configured model outside a Runner, with the i2itools scope active."""
import torch
from mmengine.registry import init_default_scope

from i2itools.registry import MODELS


def build_model(cfg, device=None):
    """The ``cfg.model`` Translator on ``device`` (default: CUDA when available, else CPU)."""
    init_default_scope(cfg.get('default_scope', 'i2itools'))
    model = MODELS.build(cfg.model)
    return model.to(device or ('cuda' if torch.cuda.is_available() else 'cpu'))


def build_model_shapes(cfg):
    """The ``cfg.model`` Translator with weights that have shapes but no memory (on the meta
    device), or on the CPU for a part that cannot be built there: to check a config, or a
    checkpoint against it, in a moment."""
    init_default_scope(cfg.get('default_scope', 'i2itools'))
    try:
        with torch.device('meta'):
            return MODELS.build(cfg.model)
    except (RuntimeError, NotImplementedError):
        return MODELS.build(cfg.model)
