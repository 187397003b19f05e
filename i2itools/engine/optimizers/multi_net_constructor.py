"""Builds one optimizer wrapper per network of a Translator (the reference's one Adam per net)."""
import copy

from mmengine.model import is_model_wrapper
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict

from i2itools.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class MultiNetOptimWrapperConstructor:
    """An :class:`OptimWrapperDict` with one wrapper for each trainable net of the model.

    Config::

        optim_wrapper = dict(
            constructor='MultiNetOptimWrapperConstructor',
            default=dict(type='OptimWrapper',
                         optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
            E=dict(optimizer=dict(lr=1e-4)))   # optional per-net overrides, merged into default

    Args:
        optim_wrapper_cfg: ``default`` (the wrapper config every net gets) and per-net
            overrides keyed by net name.
        paramwise_cfg: mmengine's per-parameter options, applied to every net.
    """

    def __init__(self, optim_wrapper_cfg, paramwise_cfg=None):
        cfg = copy.deepcopy(dict(optim_wrapper_cfg))
        if 'default' not in cfg:
            raise KeyError("MultiNetOptimWrapperConstructor needs optim_wrapper.default, the "
                           "wrapper config every net gets, e.g. dict(type='OptimWrapper', "
                           "optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999)))")
        self.default = cfg.pop('default')
        self.overrides = cfg
        self.paramwise_cfg = paramwise_cfg

    def __call__(self, model):
        model = model.module if is_model_wrapper(model) else model
        trainable = [*model.generator_names, *model.discriminator_names]
        unknown = sorted(set(self.overrides) - set(trainable))
        if unknown:
            raise KeyError(f'optim_wrapper has settings for {unknown}, which are not trainable nets '
                           f'of the model (nets: {trainable})')
        wrappers = {}
        for name in trainable:
            cfg = merge_dicts(self.default, self.overrides.get(name, {}))
            build = DefaultOptimWrapperConstructor(cfg, self.paramwise_cfg)
            wrappers[name] = build(getattr(model, name))
        return OptimWrapperDict(**wrappers)


def merge_dicts(base, override):
    """``base`` updated by ``override``, recursing into values that are dicts in both."""
    merged = copy.deepcopy(dict(base))
    for key, value in dict(override).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_dicts(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
