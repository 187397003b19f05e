"""Loads a config with ``--cfg-options`` and its plugins; catches misspelt top-level keys and
wrong run settings early."""
import difflib
import os
import os.path as osp
from argparse import ArgumentTypeError

from mmengine.config import Config
from mmengine.config import DictAction as MMEngineDictAction

from i2itools.plugins import load_plugins
from i2itools.utils.cli_options import key_value
from .config_checks import (check_loop_parts, check_override_types, check_run_settings,
                            turn_off_persistent_workers)
from .ordered_config import OrderedConfig

#: top-level keys that mmengine's Runner and i2itools' tools read
RUNNER_KEYS = (
    'model', 'work_dir', 'train_dataloader', 'val_dataloader', 'test_dataloader', 'train_cfg',
    'val_cfg', 'test_cfg', 'auto_scale_lr', 'optim_wrapper', 'param_scheduler', 'val_evaluator',
    'test_evaluator', 'default_hooks', 'custom_hooks', 'data_preprocessor', 'load_from',
    'resume', 'launcher', 'env_cfg', 'log_processor', 'log_level', 'visualizer', 'default_scope',
    'randomness', 'experiment_name', 'model_wrapper_cfg', 'find_unused_parameters', 'compile',
    'custom_imports', 'sync_bn', 'plugins', 'flush_denormal')

__all__ = ['DictAction', 'load_config', 'check_top_level_keys']


class DictAction(MMEngineDictAction):
    """mmengine's ``--cfg-options`` action; an item without ``=`` is a usage error naming it,
    not a ``ValueError`` from inside the action."""

    def __call__(self, parser, namespace, values, option_string=None):
        for item in values or ():
            try:
                key_value(item)
            except ArgumentTypeError as error:
                parser.error(f'argument {option_string}: {error}')
        super().__call__(parser, namespace, values, option_string)


def load_config(path, cfg_options=None, plugins=(), checkpoint=None):
    """``Config.fromfile(path)`` merged with ``cfg_options``, as an :class:`OrderedConfig` (saved
    copies keep the config's order); clear errors for a wrong path, key or run setting (see
    :func:`~.config_checks.check_run_settings`). Data loaders without workers get
    ``persistent_workers=False``.

    Then the plugins are imported: ``plugins`` (files or folders, from ``--plugins``), those the
    config (or ``checkpoint``'s meta) records and the config's ``custom_imports``; their files
    are recorded in ``cfg.plugins``, see :func:`i2itools.plugins.load_plugins`.
    """
    if not osp.isfile(path):
        folder = osp.dirname(path) or '.'
        near = []
        if osp.isdir(folder):
            configs = [n for n in os.listdir(folder) if n.endswith('.py')]
            near = difflib.get_close_matches(osp.basename(path), configs, n=3)
        hint = f' Did you mean: {", ".join(osp.join(folder, n) for n in near)}?' if near else ''
        raise FileNotFoundError(f'config file {path} does not exist.{hint}')
    # custom_imports are imported below, after --cfg-options, with errors naming the file
    cfg = OrderedConfig.of(Config.fromfile(path, import_custom_modules=False))
    if cfg_options:
        check_override_types(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
    check_top_level_keys(cfg, path)
    check_run_settings(cfg, path, overrides=cfg_options or {})
    check_loop_parts(cfg, path, overrides=cfg_options or {})
    turn_off_persistent_workers(cfg)
    load_plugins(cfg, plugins or (), path, checkpoint)
    return cfg


def check_top_level_keys(cfg, path='config'):
    """Raise on a top-level key that is not a runner key but nearly spells one (``optim_wraper``).

    Other unknown keys are allowed: text configs use them as variables (``data_root``).
    """
    for key in cfg.keys():
        if key in RUNNER_KEYS:
            continue
        close = difflib.get_close_matches(key, RUNNER_KEYS, n=1, cutoff=0.85)
        if close:
            raise KeyError(f"{path}: top-level key '{key}' is not read by anything; "
                           f"did you mean '{close[0]}'?")

