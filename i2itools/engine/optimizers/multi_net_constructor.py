"""Builds one optimizer wrapper per network of a Translator (the reference's one Adam per net)."""
import copy

import torch
from mmengine.model import is_model_wrapper
from mmengine.optim import DefaultOptimWrapperConstructor, OptimWrapperDict

from i2itools.registry import OPTIM_WRAPPER_CONSTRUCTORS
from .step_loss_scaler import StepLossScaler


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

    The nets of one step (the generators, or the discriminators) are trained by one backward
    pass, so their wrappers must agree on ``accumulative_counts`` and on loss scaling; float16
    wrappers of a step share one :class:`StepLossScaler`. A config that breaks this is refused
    here, before training, with the settings to change.
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
            _refuse_gpu_only_wrapper(name, cfg)
            build = DefaultOptimWrapperConstructor(cfg, self.paramwise_cfg)
            wrappers[name] = build(getattr(model, name))
        for step, names in (('G', model.generator_names), ('D', model.discriminator_names)):
            _join_step([(name, wrappers[name]) for name in names], step)
        return NetOptimWrapperDict(**wrappers)


class NetOptimWrapperDict(OptimWrapperDict):
    """mmengine's ``OptimWrapperDict`` whose count set-up reaches every net's wrapper.

    mmengine's dict leaves ``initialize_count_status`` to each wrapper, and nothing calls it for
    them; gradient accumulation then never learns the run's length or a resumed run's position.
    """

    def initialize_count_status(self, model, cur_iter, max_iters):
        model = model.module if is_model_wrapper(model) else model
        for name, wrapper in self.optim_wrappers.items():
            wrapper.initialize_count_status(getattr(model, name), cur_iter, max_iters)


def _refuse_gpu_only_wrapper(name, cfg):
    if cfg.get('type') == 'AmpOptimWrapper' and not torch.cuda.is_available():
        raise ValueError(f"optim_wrapper of {name}: mmengine's AmpOptimWrapper needs a GPU; on a "
                         "CPU use type='MixedPrecisionOptimWrapper' with dtype='float16' (the same "
                         "float16 loss scaling) or dtype='bfloat16' (--amp)")


def _join_step(named_wrappers, step):
    """Make the wrappers of one step agree: same accumulation, one shared loss scaler."""
    if len(named_wrappers) < 2:
        return
    names = ', '.join(name for name, _ in named_wrappers)
    counts = {name: w._accumulative_counts for name, w in named_wrappers}
    if len(set(counts.values())) > 1:
        raise ValueError(f'optim_wrapper: the nets of the {step} step ({names}) are trained by one '
                         f'backward pass, so they need the same accumulative_counts; got {counts}')
    scalers = [getattr(w, 'loss_scaler', None) for _, w in named_wrappers]
    if all(scaler is None for scaler in scalers):
        return
    settings = {name: _scaler_settings(getattr(w, 'loss_scaler', None)) for name, w in named_wrappers}
    if len(set(settings.values())) > 1:
        raise ValueError(f'optim_wrapper: the nets of the {step} step ({names}) are trained by one '
                         'backward pass, so they need the same loss scaling (all float16 with equal '
                         f'loss_scale, or none); got {settings}')
    device = 'cuda' if torch.cuda.is_available() else 'cpu'
    shared = StepLossScaler.like(scalers[0], len(named_wrappers), device)
    for _, wrapper in named_wrappers:
        wrapper.loss_scaler = shared


def _scaler_settings(scaler):
    if scaler is None:
        return None
    return (scaler.get_scale(), scaler.get_growth_factor(), scaler.get_backoff_factor(),
            scaler.get_growth_interval(), scaler.is_enabled())


def merge_dicts(base, override):
    """``base`` updated by ``override``, recursing into values that are dicts in both."""
    merged = copy.deepcopy(dict(base))
    for key, value in dict(override).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_dicts(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged
