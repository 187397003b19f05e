"""Plugins: your own registered parts in ``.py`` files outside the package, loaded by path or name.

A plugin is a Python file that registers parts in the i2itools registries when imported. A run
finds its plugins in three ways, all handled by :func:`load_plugins`:

- ``--plugins PATH ...`` of the tools: a file, or a folder whose ``*.py`` files (sorted, not
  recursive, ``__init__.py`` skipped) are each a plugin; imported by path.
- ``plugins = [...]`` in a config: the same, paths relative to the config's folder. Tools record
  the absolute paths of every plugin they loaded there, so the work-dir config and each
  checkpoint (``meta.cfg``) name the files a model needs.
- ``custom_imports = dict(imports=['plugins.my_loss'])`` in a config: module names, looked up on
  ``sys.path`` and then in the current folder (so a repository's ``plugins/`` works when a tool
  is run from the repository root).

A plugin that is missing or raises on import is reported with its file and how to pass it.
"""
import ast
import hashlib
import importlib
import importlib.util
import os
import os.path as osp
import sys
import warnings

import torch


class PluginError(ImportError):
    """A plugin could not be loaded."""

    def __str__(self):
        return str(self.args[0])


class PluginNotFoundError(PluginError):
    """A plugin file is gone or a ``custom_imports`` module is not importable."""


class PluginImportError(PluginError):
    """A plugin raised while being imported; the original error is chained as ``__cause__``."""


HOW_TO_PASS = ('pass the file (or its folder) with `--plugins PATH` to tools/train.py, '
               'tools/test.py or tools/list_components.py')


def load_plugins(cfg, plugins=(), config_path='config', checkpoint=None):
    """Import the plugins that ``cfg`` and the caller name; record their files in ``cfg.plugins``.

    Args:
        cfg (Config): the loaded config; its ``plugins`` and ``custom_imports`` are read.
        plugins (Sequence[str]): files or folders from ``--plugins``, relative to the current
            folder.
        config_path (str): the config's file, for messages and relative ``plugins`` entries.
        checkpoint (str | None): an i2itools checkpoint whose ``meta.cfg`` may record plugins
            too (a model trained with ``--plugins`` from a config that does not name them).

    A recorded file that is gone is accepted when a file of the same name is loaded instead
    (``--plugins`` with its new location, or a ``custom_imports`` module).

    Returns:
        list[str]: absolute paths of the plugin files loaded, as stored in ``cfg.plugins``
        (set when there are any, or when the config had the key).
    """
    given = [f for path in plugins for f in plugin_files(path, '--plugins')]
    config_dir = osp.dirname(osp.abspath(config_path))
    recorded = [(osp.normpath(osp.join(config_dir, osp.expanduser(p))),
                 f'`plugins` of {config_path}') for p in _as_list(cfg.get('plugins'))]
    if checkpoint:
        recorded += [(p, f'the config saved in the checkpoint {checkpoint}')
                     for p in recorded_in_checkpoint(checkpoint)]
    present = [f for path, origin in recorded if osp.exists(path)
               for f in plugin_files(path, origin)]
    imported = import_custom_modules(cfg.get('custom_imports'), f'custom_imports of {config_path}',
                                     by_path=given + present)
    loaded = _unique(present + given + imported)
    for path, origin in recorded:
        if not osp.exists(path) and osp.basename(path) not in {osp.basename(f) for f in loaded}:
            raise PluginNotFoundError(
                f'The model needs the plugin {osp.basename(path)}, expected at {path} (named in '
                f'{origin}), but that file is gone. If it has moved, {HOW_TO_PASS}.')
    for path in present + given:
        import_plugin_file(path)
    if loaded or 'plugins' in cfg:
        cfg.plugins = loaded
    return loaded


def import_plugins(paths, origin='--plugins'):
    """Import the plugin files and folders ``paths``; return the files' absolute paths."""
    files = _unique(f for path in paths for f in plugin_files(path, origin))
    for file in files:
        import_plugin_file(file)
    return files


def plugin_files(path, origin='--plugins'):
    """The plugin files ``path`` stands for (absolute): itself, or a folder's ``*.py`` files."""
    path = osp.abspath(osp.expanduser(str(path)))
    if osp.isdir(path):
        return [osp.join(path, name) for name in sorted(os.listdir(path))
                if name.endswith('.py') and name != '__init__.py'
                and osp.isfile(osp.join(path, name))]
    if not osp.isfile(path):
        raise PluginNotFoundError(f'{origin}: plugin {path} does not exist; give a .py file or '
                                  'a folder of them.')
    if not path.endswith('.py'):
        raise PluginNotFoundError(f'{origin}: plugin {path} is not a .py file.')
    return [path]


def import_plugin_file(path):
    """Import the plugin file ``path`` (once: a module already loaded from it is reused)."""
    path = osp.abspath(path)
    loaded = _module_of_file(path)
    if loaded is not None:
        return loaded
    name = _module_name(path)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # so that inspect and pickle find the module of its classes
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        raise PluginImportError(f'plugin {path} raised while being imported: '
                                f'{type(error).__name__}: {error}') from error
    return module


def import_custom_modules(custom_imports, origin='custom_imports', by_path=()):
    """Import a config's ``custom_imports`` with errors that name the module and its file.

    ``origin`` says where the names come from in messages (``custom_imports of CONFIG``).

    mmengine's ``Config.fromfile`` reports any failure as ``Failed to import <name>``, whether
    the module is missing or its own code failed; here the two are told apart. A module that is
    not found is skipped when a file of the same name is among ``by_path`` (loaded by path).

    Returns:
        list[str]: the files of the imported plain-file modules outside the i2itools package
        (their paths are recorded so that a run elsewhere finds them).
    """
    if not custom_imports:
        return []
    names = _as_list(custom_imports.get('imports'))
    allow_failed = custom_imports.get('allow_failed_imports', False)
    files = []
    for name in names:
        try:
            module = _import_module(name, origin, by_path)
        except PluginError as error:
            if not allow_failed:
                raise
            warnings.warn(f'{error} (ignored: allow_failed_imports=True)')
            continue
        file = getattr(module, '__file__', None) if module is not None else None
        if _is_plain_plugin_file(module, file):
            files.append(osp.abspath(file))
    return files


def recorded_in_checkpoint(checkpoint):
    """The ``plugins`` that an i2itools checkpoint's ``meta.cfg`` records, else ``[]``.

    The config text is parsed, not run: only a literal ``plugins = [...]`` is read.
    """
    if not (isinstance(checkpoint, str) and osp.isfile(checkpoint)):
        return []
    try:
        state = torch.load(checkpoint, map_location='cpu', weights_only=True, mmap=True)
        text = state['meta']['cfg']
        for node in ast.parse(text).body:
            if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == 'plugins' for t in node.targets):
                return [str(p) for p in ast.literal_eval(node.value)]
    except Exception:  # a reference checkpoint, no meta, or no literal plugins entry
        return []
    return []


def component_source(obj):
    """'i2itools' for a part of the package, else ``'plugin: <file>'``."""
    module = getattr(obj, '__module__', None) or ''
    if module == 'i2itools' or module.startswith('i2itools.'):
        return 'i2itools'
    file = getattr(sys.modules.get(module), '__file__', None)
    if not file:
        return f'plugin: {module or "?"}'
    relative = osp.relpath(file)
    return f'plugin: {file if relative.startswith(os.pardir) else relative}'


def _import_module(name, origin, by_path):
    spec = _find_spec(name)
    if spec is None:
        stem = name.rpartition('.')[2] + '.py'
        if any(osp.basename(f) == stem for f in by_path):
            return None
        raise PluginNotFoundError(
            f"{origin} names the module '{name}', which is not importable "
            f'from here (searched sys.path and the current folder {os.getcwd()}). Run the tool '
            'from the folder that holds it, put that folder on PYTHONPATH, or '
            f'{HOW_TO_PASS}.')
    try:
        return importlib.import_module(name)
    except Exception as error:
        raise PluginImportError(
            f"{origin}: module '{name}' ({spec.origin}) raised while being imported: "
            f'{type(error).__name__}: {error}') from error


def _find_spec(name):
    """The spec of module ``name`` on sys.path or, failing that, in the current folder."""
    spec = _spec_or_none(name)
    cwd = os.getcwd()
    if spec is None and cwd not in {osp.abspath(p) for p in sys.path}:
        sys.path.append(cwd)
        importlib.invalidate_caches()
        spec = _spec_or_none(name)
        if spec is None:
            sys.path.remove(cwd)
    return spec


def _spec_or_none(name):
    try:
        return importlib.util.find_spec(name)
    except ModuleNotFoundError:  # a parent package is missing
        return None
    except Exception as error:  # a parent package's __init__ failed
        raise PluginImportError(f"module '{name}': importing its package raised "
                                f'{type(error).__name__}: {error}') from error


def _module_of_file(path):
    real = osp.realpath(path)
    for module in list(sys.modules.values()):
        file = getattr(module, '__file__', None)
        if file and osp.realpath(file) == real:
            return module
    return None


def _module_name(path):
    """The file's stem when no other module has that name, else the stem and a path hash."""
    stem = osp.splitext(osp.basename(path))[0]
    if stem.isidentifier() and stem not in sys.modules and _spec_or_none(stem) is None:
        return stem
    return f'{stem}_{hashlib.sha1(path.encode()).hexdigest()[:8]}'


def _is_plain_plugin_file(module, file):
    if module is None or not file or not file.endswith('.py') or hasattr(module, '__path__'):
        return False
    parts = osp.abspath(file).split(os.sep)
    return (not module.__name__.startswith('i2itools.')
            and 'site-packages' not in parts and 'dist-packages' not in parts)


def _as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _unique(paths):
    return list(dict.fromkeys(paths))
