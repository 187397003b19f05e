"""The run settings of a config checked when it is loaded, and one pitfall fixed at the root.

mmengine and torch check these settings deep inside (``int('abc')`` in the loop, a scheduler's
``end should be larger than begin``, a sampler's batch size), so a wrong value ends in a
traceback that does not name the key; here the message does, before anything runs.
"""
from mmengine.logging import print_log

from i2itools.utils.cli_errors import UserValueError

#: the data loaders a config may set
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')
#: settings that must be whole numbers, with the least value each may take
COUNTS = {
    'train_cfg.max_iters': 1, 'train_cfg.max_epochs': 1, 'train_cfg.val_interval': 1,
    'train_cfg.val_begin': 0, 'default_hooks.logger.interval': 1,
    **{f'{loader}.batch_size': 1 for loader in LOADERS},
    **{f'{loader}.num_workers': 0 for loader in LOADERS},
}


class ConfigValueError(UserValueError):
    """A config setting of the wrong type or out of range; the message names its key."""


def check_run_settings(cfg, path, overrides=()):
    """Raise :class:`ConfigValueError` for a count that is not a whole number of at least its
    least value (see :data:`COUNTS`) or a hook interval that is not a whole number (one of
    0 or less is mmengine's "never", except for the logger). The message
    names the key and where it was set: ``--cfg-options`` for the keys in ``overrides``, else
    the config file ``path``."""
    counts = {f'default_hooks.{name}.interval': None
              for name, hook in (cfg.get('default_hooks') or {}).items() if isinstance(hook, dict)}
    for key, least in {**counts, **COUNTS}.items():
        value = _lookup(cfg, key)
        if value is None:
            continue
        source = '--cfg-options' if key in overrides else path
        if isinstance(value, bool) or not isinstance(value, int):
            kind = 'the text' if isinstance(value, str) else f'a {type(value).__name__},'
            raise ConfigValueError(f'{key} in {source} must be a whole number; got {kind} '
                                   f'{value!r}.')
        if least is not None and value < least:
            raise ConfigValueError(f'{key}={value} in {source}: it must be at least {least}.')


def check_loop_parts(cfg, path, overrides=()):
    """Raise :class:`ConfigValueError` when a validation or test loop is half set up: mmengine
    wants its data loader, loop config and evaluator all set or all None, and otherwise fails
    in the Runner with a traceback. The usual cause is ``--cfg-options
    val_dataloader.dataset.data_root=...`` on a config that does not validate."""
    for loop, what in (('val', 'validation'), ('test', 'test')):
        parts = (f'{loop}_dataloader', f'{loop}_cfg', f'{loop}_evaluator')
        given = [part for part in parts if cfg.get(part) is not None]
        if not given or len(given) == len(parts):
            continue
        missing = [part for part in parts if part not in given]
        from_options = any(key.split('.')[0] in given for key in overrides)
        source = '--cfg-options' if from_options else path
        raise ConfigValueError(
            f'{" and ".join(given)} set in {source}, but {" and ".join(missing)} not: this '
            f'config runs no {what}. Set all three of {", ".join(parts)} to add one, or leave '
            f'{" and ".join(given)} out (docs/training.md).')


def check_override_types(cfg, overrides):
    """Raise :class:`ConfigValueError` for an override of ``--cfg-options`` that gives text
    where ``cfg`` (not yet merged with them) has a float: learning rates, loss weights and
    betas take no text, and the part that reads one fails far from the key
    (``optim_wrapper.default.optimizer.lr=abc``). Ints are left to the parts' checks: some also
    take names (``num_downs='unet_256'``)."""
    for key, value in overrides.items():
        old = _lookup(cfg, key)
        if isinstance(value, str) and isinstance(old, float):
            raise ConfigValueError(f'{key}={value!r} in --cfg-options: the config has the number '
                                   f'{old} there; give a number.')


def turn_off_persistent_workers(cfg):
    """Set ``persistent_workers=False`` on each data loader that has no workers.

    torch refuses persistent workers without workers, and every config asks for them, so the
    natural way to debug (``--cfg-options train_dataloader.num_workers=0``) would fail; loading
    in the main process keeps nothing to persist. Each change is logged.
    """
    for loader in LOADERS:
        settings = cfg.get(loader)
        if isinstance(settings, dict) and settings.get('num_workers') == 0 and \
                settings.get('persistent_workers'):
            settings['persistent_workers'] = False
            print_log(f'{loader}.persistent_workers set to False: {loader}.num_workers=0 loads '
                      'in the main process, which has no workers to keep.', logger='current')


def _lookup(cfg, key):
    first, *rest = key.split('.')
    value = cfg.get(first)
    for part in rest:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
