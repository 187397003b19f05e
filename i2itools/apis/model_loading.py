"""Rebuild a trained model from its checkpoint alone: the config travels in ``meta['cfg']``.

mmengine's CheckpointHook stores the resolved config text in every checkpoint that training
writes, and ``tools/publish.py`` keeps it; a reference ``latest_net_G.pth`` has none, so its
architecture comes from a config the user gives or is read off its keys.
"""
import os.path as osp

from mmengine.config import Config

from i2itools.engine.checkpoint_files import read_checkpoint
from i2itools.engine.config_loading import load_config
from i2itools.plugins import load_plugins
from .checkpoint_loading import CheckpointMismatchError, checkpoint_weights, load_checkpoint
from .model_building import build_model
from .reference_architecture import reference_model_config


def load_model(checkpoint, config=None, device=None, plugins=(), ema=True):
    """``(model, cfg, nets)``: the Translator of ``checkpoint`` with its weights, its config and
    the names of the nets that got weights.

    Args:
        checkpoint: an i2itools checkpoint (``iter_*.pth``, a published file), a reference
            ``latest_net_G.pth`` or a folder of reference ``latest_net_<name>.pth`` files.
        config: a config file to use instead of the one stored in the checkpoint (needed for a
            reference file that is not a U-Net or ResNet generator, or a reference folder).
        device: where the model goes (default: CUDA when available, else CPU).
        plugins: plugin files or folders to import besides those the config records.
        ema: use the nets' moving averages that training kept (``NetEMAHook``), when the
            checkpoint has them, instead of their raw weights.
    """
    if not osp.exists(checkpoint):
        raise FileNotFoundError(f'checkpoint {checkpoint} does not exist')
    state = None if osp.isdir(checkpoint) else read_checkpoint(checkpoint)
    if config is not None:
        cfg = load_config(config, plugins=plugins, checkpoint=checkpoint)
    else:
        cfg = _stored_config(state, checkpoint)
        load_plugins(cfg, plugins, checkpoint)
    model = build_model(cfg, device)
    if _is_i2itools_checkpoint(state):
        nets = _load_nets(model, checkpoint_weights(state, ema), checkpoint)
    else:
        nets = load_checkpoint(model, checkpoint)
    return model, cfg, nets


def _is_i2itools_checkpoint(state):
    return isinstance(state, dict) and isinstance(state.get('state_dict'), dict)


def config_stored_in(state, checkpoint):
    """The config that an i2itools checkpoint (its loaded ``state``) stores in ``meta['cfg']``."""
    text = state.get('meta', {}).get('cfg') if isinstance(state, dict) else None
    if not text:
        raise CheckpointMismatchError(f'{checkpoint} holds no config (meta.cfg): it was not written by '
                         'i2itools training or tools/publish.py; pass the training config '
                         'with --config (config=...)')
    return Config.fromstring(text, '.py')


def _stored_config(state, checkpoint):
    if _is_i2itools_checkpoint(state):
        return config_stored_in(state, checkpoint)
    if state is None:
        raise CheckpointMismatchError(
            f'{checkpoint} is a folder of reference weights, which says nothing of the '
            'architecture; pass the training config with --config (config=...)')
    return reference_model_config(state, checkpoint)


def _load_nets(model, state_dict, checkpoint):
    """Load the nets ``state_dict`` holds (all, or those a published file kept); a net that is
    only partly there, or a key no net has, is an error."""
    result = model.load_state_dict(_without_wrapper_names(state_dict, model), strict=False)
    missing = {key.split('.', 1)[0] for key in result.missing_keys}
    held = {key.split('.', 1)[0] for key in state_dict}
    others = {name for name, _ in model.named_children()} - set(model.net_names)  # image pools
    if held - others - set(model.net_names):
        nets = sorted(held - others)
        raise CheckpointMismatchError(
            f'{checkpoint} holds nets {", ".join(nets)} but the model of the config has '
            f'{", ".join(model.net_names)}: use the config it was trained with (without '
            '--config, the one stored in an i2itools checkpoint)')
    partial = sorted(missing & held)
    if result.unexpected_keys or partial:
        raise CheckpointMismatchError(
            f'{checkpoint} does not fit the model of its config: unexpected keys '
            f'{result.unexpected_keys[:3]}, nets only partly present {partial}')
    return [name for name in model.net_names if name not in missing]


def _without_wrapper_names(state_dict, model):
    """Keys of checkpoints written by several processes before round 2 (``G.module.model...``,
    each net inside its DDP wrapper) under the nets' own names (``G.model...``)."""
    known = set(model.state_dict())
    renamed = {}
    for key, value in state_dict.items():
        net, _, rest = key.partition('.module.')
        plain = f'{net}.{rest}'
        renamed[plain if key not in known and '.' not in net and plain in known else key] = value
    return renamed
