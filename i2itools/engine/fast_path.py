"""The fast training path (``--fast``, or ``fast = True`` in a config): a different way of doing
the same math, chosen for the device. Its results equal the faithful path's within bfloat16
noise, not bit for bit."""
import copy

import torch

from .cpu_capabilities import native_bfloat16
from .mixed_precision import enable_mixed_precision

#: what ``fast=True`` means; ``fast=dict(...)`` overrides single settings
FAST_DEFAULTS = dict(
    # 'auto': bfloat16 where the device computes it natively (a GPU with bfloat16, a CPU with
    # AVX512-BF16 or AMX), float32 elsewhere, where emulated bfloat16 is slower
    autocast='auto',
    # torch's fused Adam / AdamW / SGD: one kernel for the whole update (4-6x faster than
    # the per-tensor update on a CPU), which also skips a non-finite step on the device
    fused_optimizer=True,
    # 'auto': channels-last images on a GPU (tensor cores); on the CPU measured it was slower
    channels_last='auto',
    # 'auto' (on a CPU): convolutions with outputs of at most 64 pixels (the inner U-Net layers)
    # as matrix products, which skip oneDNN's copy of the weights at every call
    matmul_convolutions='auto',
)
#: optimizers with a fused implementation in torch (CPU and CUDA)
FUSED_OPTIMIZERS = ('Adam', 'AdamW', 'SGD')


def fast_settings(cfg, device):
    """The fast-path settings ``cfg.fast`` asks for, resolved for ``device`` ('cpu' or
    'cuda'), or None when the config does not ask for the fast path."""
    fast = cfg.get('fast')
    if not fast:
        return None
    settings = dict(FAST_DEFAULTS, **(fast if isinstance(fast, dict) else {}))
    unknown = sorted(set(settings) - set(FAST_DEFAULTS))
    if unknown:
        raise KeyError(f'fast: unknown settings {unknown}; the fast path has '
                       f'{sorted(FAST_DEFAULTS)}')
    if settings['autocast'] == 'auto':
        settings['autocast'] = 'bfloat16' if _native_bfloat16(device) else None
    settings['autocast'] = settings['autocast'] or None
    if settings['channels_last'] == 'auto':
        settings['channels_last'] = device == 'cuda'
    if settings['matmul_convolutions'] == 'auto':
        settings['matmul_convolutions'] = device == 'cpu'
    return settings


def apply_fast_path(cfg, device):
    """Rewrite ``cfg`` for the fast path when it asks for it (``cfg.fast``); return a line
    describing what was switched on, for the log, or None."""
    settings = fast_settings(cfg, device)
    if settings is None:
        return None
    if settings['autocast'] not in (None, 'bfloat16'):
        raise ValueError(f"fast.autocast must be 'auto', 'bfloat16' or None, got "
                         f"{settings['autocast']!r}")
    if settings['autocast']:
        enable_mixed_precision(cfg)
    if settings['fused_optimizer']:
        _fuse_optimizers(cfg.optim_wrapper)
    if settings['channels_last']:
        preprocessor = copy.deepcopy(cfg.model.get('data_preprocessor')
                                     or dict(type='TranslationDataPreprocessor'))
        cfg.model.data_preprocessor = dict(preprocessor, channels_last=True)
    cfg.fast = settings
    return describe_fast_path(settings, device)


def describe_fast_path(settings, device):
    """One line: what the fast path does on ``device``, and why autocast is on or off."""
    support = ('bfloat16' if torch.cuda.is_bf16_supported() else None) if device == 'cuda' \
        else native_bfloat16()
    hardware = f"{'GPU' if device == 'cuda' else 'CPU'} with {support}" if support else \
        f"no native bfloat16 on this {'GPU' if device == 'cuda' else 'CPU'}"
    precision = (f'bfloat16 autocast ({hardware})' if settings['autocast'] else
                 f"float32 ({hardware}{', autocast off in the config' if support else ''})")
    switches = ', '.join(f"{name.replace('_', ' ')} {'on' if settings[name] else 'off'}"
                         for name in ('fused_optimizer', 'channels_last', 'matmul_convolutions'))
    return f'fast path: {precision}, {switches}'


def _native_bfloat16(device):
    if device == 'cuda':
        return torch.cuda.is_bf16_supported()
    return native_bfloat16() is not None


def _fuse_optimizers(optim_wrapper):
    """``fused=True`` for every optimizer of the wrapper config that torch can fuse."""
    wrappers = [optim_wrapper.get('default', optim_wrapper),
                *(value for key, value in optim_wrapper.items()
                  if key != 'default' and isinstance(value, dict))]
    for wrapper in wrappers:
        optimizer = wrapper.get('optimizer')
        if optimizer is None:
            continue
        kind = optimizer.get('type')
        if kind is None:
            continue  # a per-net override that keeps the default's optimizer
        if kind not in FUSED_OPTIMIZERS:
            raise ValueError(f'fast.fused_optimizer: torch has no fused {kind!r}; use one of '
                             f'{FUSED_OPTIMIZERS} or set fast=dict(fused_optimizer=False)')
        optimizer['fused'] = True
