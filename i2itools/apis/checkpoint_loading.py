"""Loads an i2itools checkpoint or a reference ``latest_net_<name>.pth`` into a Translator."""
import os.path as osp
import re

import torch
from torch import nn

from i2itools.engine.checkpoint_files import read_checkpoint
from i2itools.engine.hooks.net_ema_hook import EMA_CHECKPOINT_KEY

NORM_STATS = ('running_mean', 'running_var', 'num_batches_tracked')


class CheckpointMismatchError(RuntimeError):
    """The checkpoint's weights do not fit the configured networks."""


def load_checkpoint(model, path, prefer=(), ema=True):
    """Load ``path`` into ``model`` and return the names of the nets it filled.

    ``path`` may be an i2itools (mmengine) checkpoint holding ``state_dict`` with every net (and
    the moving averages of some, used instead of their raw weights when ``ema``); a
    reference file, a bare state dict of one network, matched by its keys to the net it fits
    (the file name ``<epoch>_net_<name>.pth`` settles a tie between nets of the same
    architecture, else the first fitting net in ``prefer``); or a reference checkpoint folder,
    whose ``latest_net_<name>.pth`` files are loaded into the nets of those names.
    """
    if osp.isdir(path):
        return _load_folder(model, path)
    state = read_checkpoint(path)  # names a missing, cut-short or unsafe file
    if isinstance(state, dict) and isinstance(state.get('state_dict'), dict):
        model.load_state_dict(checkpoint_weights(state, ema), strict=True)
        return list(model.net_names)
    if not (isinstance(state, dict) and state and all(torch.is_tensor(v) for v in state.values())):
        raise CheckpointMismatchError(f'{path} is neither an i2itools checkpoint (no state_dict) '
                                      'nor a network state dict')
    name = _matching_net(model, state, path, prefer)
    net = getattr(model, name)
    net.load_state_dict(_without_instance_norm_stats(net, state), strict=True)
    return [name]


def checkpoint_weights(state, ema=True):
    """The model weights of an i2itools checkpoint: its ``state_dict``, where ``ema`` with the
    exponential moving averages of nets (``ema_state_dict``, written by ``NetEMAHook``) in place
    of their raw weights."""
    weights = dict(state['state_dict'])
    if ema:
        weights.update(state.get(EMA_CHECKPOINT_KEY) or {})
    return weights


def _load_folder(model, folder):
    files = {name: osp.join(folder, f'latest_net_{name}.pth') for name in model.net_names}
    found = {name: f for name, f in files.items() if osp.isfile(f)}
    if not found:
        raise FileNotFoundError(f'{folder} holds none of {[osp.basename(f) for f in files.values()]}')
    for name, file in found.items():
        net = getattr(model, name)
        state = torch.load(file, map_location='cpu', weights_only=True)
        try:
            net.load_state_dict(_without_instance_norm_stats(net, state), strict=True)
        except RuntimeError as error:
            raise CheckpointMismatchError(f'{file} does not fit net {name!r}: {error}') from error
    return list(found)


def _matching_net(model, state, path, prefer):
    keys = set(state)
    fits = [n for n in model.net_names if _loadable_keys(getattr(model, n), keys)]
    named = re.match(r'(?:\w+_)?net_(\w+)\.pth$', osp.basename(path))
    if named and named.group(1) in fits:
        return named.group(1)
    preferred = [n for n in prefer if n in fits]
    if len(fits) == 1 or preferred:
        return (preferred or fits)[0]
    if fits:
        raise CheckpointMismatchError(
            f'{path} fits several nets {fits}; name the file latest_net_<name>.pth to choose')
    closest = min(model.net_names, key=lambda n: len(keys ^ set(getattr(model, n).state_dict())))
    expected = set(getattr(model, closest).state_dict())
    raise CheckpointMismatchError(
        f'{path} fits none of the nets {list(model.net_names)}. Closest is {closest!r}: '
        f'{len(expected - keys)} keys missing (e.g. {sorted(expected - keys)[:3]}), '
        f'{len(keys - expected)} unexpected (e.g. {sorted(keys - expected)[:3]}). Check that the '
        'config matches the training options (architecture, norm, base channels, dropout).')


def _loadable_keys(net, keys):
    expected = set(net.state_dict())
    extra = keys - expected
    return expected <= keys and all(k.rsplit('.', 1)[-1] in NORM_STATS for k in extra)


def _without_instance_norm_stats(net, state):
    # Checkpoints from PyTorch < 0.4 carry running statistics for InstanceNorm layers, which the
    # reference drops on load too (its __patch_instance_norm_state_dict).
    modules = dict(net.named_modules())
    kept = {}
    for key, value in state.items():
        owner, _, leaf = key.rpartition('.')
        if leaf in NORM_STATS and isinstance(modules.get(owner), nn.InstanceNorm2d) \
                and key not in net.state_dict():
            continue
        kept[key] = value
    return kept
