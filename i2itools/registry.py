"""All i2itools registries: children of mmengine's roots under the scope ``i2itools``.

Each registry names the package that holds its parts in ``locations``, so a config string
resolves without any manual import. Looking up an unknown name raises
:class:`UnknownComponentError`, which lists the closest registered names.
"""
import difflib
import inspect
import os.path as osp
import re
import sys

from mmengine.registry import DATA_SAMPLERS as MMENGINE_DATA_SAMPLERS
from mmengine.registry import DATASETS as MMENGINE_DATASETS
from mmengine.registry import EVALUATOR as MMENGINE_EVALUATOR
from mmengine.registry import FUNCTIONS as MMENGINE_FUNCTIONS
from mmengine.registry import HOOKS as MMENGINE_HOOKS
from mmengine.registry import LOG_PROCESSORS as MMENGINE_LOG_PROCESSORS
from mmengine.registry import LOOPS as MMENGINE_LOOPS
from mmengine.registry import METRICS as MMENGINE_METRICS
from mmengine.registry import MODEL_WRAPPERS as MMENGINE_MODEL_WRAPPERS
from mmengine.registry import MODELS as MMENGINE_MODELS
from mmengine.registry import \
    OPTIM_WRAPPER_CONSTRUCTORS as MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS
from mmengine.registry import OPTIM_WRAPPERS as MMENGINE_OPTIM_WRAPPERS
from mmengine.registry import OPTIMIZERS as MMENGINE_OPTIMIZERS
from mmengine.registry import PARAM_SCHEDULERS as MMENGINE_PARAM_SCHEDULERS
from mmengine.registry import TRANSFORMS as MMENGINE_TRANSFORMS
from mmengine.registry import VISBACKENDS as MMENGINE_VISBACKENDS
from mmengine.registry import VISUALIZERS as MMENGINE_VISUALIZERS
from mmengine.registry import Registry

SCOPE = 'i2itools'


class UnknownComponentError(KeyError):
    """A config named a part that no registry in reach knows."""

    def __str__(self):
        return str(self.args[0])


class DuplicateComponentError(KeyError):
    """A part was registered under a name that another part of the same registry holds."""

    def __str__(self):
        return str(self.args[0])


class SuggestingRegistry(Registry):
    """An mmengine registry whose failed look-ups name the closest registered parts, and whose
    name clashes name both parts' modules and files."""

    def _register_module(self, module, module_name=None, force=False):
        owner = getattr(module, '__module__', None) or ''
        if owner != SCOPE and not owner.startswith(SCOPE + '.'):
            # a plugin: register the built-in parts first, so that a clash is the plugin's
            self.import_from_location()
        names = module_name or getattr(module, '__name__', None)
        for name in [names] if isinstance(names, str) else names:
            existing = self._module_dict.get(name)
            if existing in (None, module) or force or _same_definition(existing, module):
                continue
            raise DuplicateComponentError(
                f"'{name}' is already registered in the i2itools {self.name} registry by "
                f'{_location(existing)}; {_location(module)} registers it again. Rename one of '
                'them, or register with force=True to replace the existing part.')
        super()._register_module(module, module_name, force=True)

    def get(self, key):
        found = super().get(key)
        if found is None:
            raise UnknownComponentError(self._unknown_message(key))
        return found

    def __contains__(self, key):
        try:
            return super().get(key) is not None
        except RuntimeError:
            return False

    def names_in_reach(self):
        """Every name this registry resolves without a scope prefix (its own and its ancestors')."""
        self.import_from_location()
        names, registry = set(), self
        while registry is not None:
            names.update(registry.module_dict)
            registry = registry.parent
        return sorted(names)

    def _unknown_message(self, key):
        candidates = self.names_in_reach()
        close = difflib.get_close_matches(key, candidates, n=5, cutoff=0.6)
        close += [n for n in candidates if n.lower() == key.lower() and n not in close]
        hint = f' Did you mean: {", ".join(close)}?' if close else ''
        return (f"'{key}' is not a registered {self.name} in scope '{self.scope}'.{hint} "
                'Run `python tools/list_components.py` to see every registered part; load parts '
                'of your own with `custom_imports` in the config or `--plugins PATH`.')

    def get_without_suggestions(self, key):
        """Look a name up the plain mmengine way: None when unknown."""
        try:
            return super().get(key)
        except RuntimeError:
            return None


def _location(obj):
    """``module (file)`` of a registered class or function."""
    module = getattr(obj, '__module__', None) or '?'
    try:
        file = inspect.getsourcefile(obj) or inspect.getfile(obj)
    except (TypeError, OSError):
        file = getattr(sys.modules.get(module), '__file__', None)
    return f'{module} ({file or "unknown file"})'


def _same_definition(old, new):
    """The same class from the same file imported twice (by path and by module name, or a
    reload): replacing it is no clash."""
    try:
        old_file, new_file = inspect.getsourcefile(old), inspect.getsourcefile(new)
    except (TypeError, OSError):
        return False
    return (old_file is not None and new_file is not None
            and osp.realpath(old_file) == osp.realpath(new_file)
            and getattr(old, '__qualname__', None) == getattr(new, '__qualname__', None))


class PartArgumentError(TypeError):
    """A part was built with an argument it does not have, or text where it takes a number."""


def _with_argument_hints(build_func):
    """Wrap a build function so that a misspelt constructor argument names the valid ones, and
    a constructor that fails on text given for a number (``base_channels='abc'`` from
    ``--cfg-options``) names that argument."""

    def build(cfg, *args, registry, **kwargs):
        try:
            return build_func(cfg, *args, registry=registry, **kwargs)
        except (TypeError, ValueError) as error:
            part = cfg.get('type') if isinstance(cfg, dict) else None
            if isinstance(error, PartArgumentError) or not isinstance(part, str):
                raise
            try:
                params = inspect.signature(registry.get(part)).parameters
            except (TypeError, ValueError):
                raise error from None
            message = (_unknown_argument(part, params, error) if isinstance(error, TypeError)
                       else None) or _text_for_a_number(part, params, cfg, error)
            if message is None:
                raise
            raise PartArgumentError(message) from error

    return build


def _unknown_argument(part, params, error):
    match = re.search(r"unexpected keyword argument '(\w+)'", str(error))
    if match is None:
        return None
    valid = [p for p in params if p not in ('self', 'args', 'kwargs')]
    close = difflib.get_close_matches(match.group(1), valid, n=3)
    hint = f' Did you mean: {", ".join(close)}?' if close else ''
    return f"{part} has no argument '{match.group(1)}'.{hint} Its arguments: {', '.join(valid)}"


def _text_for_a_number(part, params, cfg, error):
    for name, value in cfg.items():
        default = params[name].default if name in params else None
        if isinstance(value, str) and isinstance(default, (int, float)) and \
                not isinstance(default, bool):
            return (f'{part} {name}={value!r}: a number is expected (its default is {default}), '
                    f'and building {part} failed with {type(error).__name__}: {error}')
    return None


def _child(name, parent, location=None):
    return SuggestingRegistry(name, build_func=_with_argument_hints(parent.build_func),
                              parent=parent, scope=SCOPE, locations=[location] if location else [])


#: networks, losses, branches, the translation model and its data preprocessor
MODELS = _child('model', MMENGINE_MODELS, 'i2itools.models')
#: datasets (aligned, unaligned, single, synthetic)
DATASETS = _child('dataset', MMENGINE_DATASETS, 'i2itools.datasets')
#: paired image transforms (resize, crop, flip, ...)
TRANSFORMS = _child('transform', MMENGINE_TRANSFORMS, 'i2itools.datasets.transforms')
#: training hooks (progress bar, sample grids, ...)
HOOKS = _child('hook', MMENGINE_HOOKS, 'i2itools.engine.hooks')
#: optimizer-wrapper constructors (one optimizer per network)
OPTIM_WRAPPER_CONSTRUCTORS = _child('optimizer wrapper constructor',
                                    MMENGINE_OPTIM_WRAPPER_CONSTRUCTORS,
                                    'i2itools.engine.optimizers')
#: optimizer wrappers (mixed precision on CPU and GPU)
OPTIM_WRAPPERS = _child('optimizer wrapper', MMENGINE_OPTIM_WRAPPERS, 'i2itools.engine.optimizers')
#: learning-rate schedules (the reference linear decay)
PARAM_SCHEDULERS = _child('parameter scheduler', MMENGINE_PARAM_SCHEDULERS,
                          'i2itools.engine.schedulers')
#: quality metrics for val_evaluator / test_evaluator
METRICS = _child('metric', MMENGINE_METRICS, 'i2itools.evaluation.metrics')
#: training loops (the exactly resuming iteration loop) and mmengine's own
LOOPS = _child('loop', MMENGINE_LOOPS, 'i2itools.engine.loops')

# Children with no parts of ours, so that building mmengine's own parts (samplers,
# optimizers, ...) under the scope 'i2itools' finds them through the parent without a warning.
DATA_SAMPLERS = _child('data sampler', MMENGINE_DATA_SAMPLERS)
OPTIMIZERS = _child('optimizer', MMENGINE_OPTIMIZERS)
MODEL_WRAPPERS = _child('model_wrapper', MMENGINE_MODEL_WRAPPERS)
EVALUATOR = _child('evaluator', MMENGINE_EVALUATOR)
VISUALIZERS = _child('visualizer', MMENGINE_VISUALIZERS)
VISBACKENDS = _child('vis_backend', MMENGINE_VISBACKENDS)
LOG_PROCESSORS = _child('log_processor', MMENGINE_LOG_PROCESSORS)
FUNCTIONS = _child('function', MMENGINE_FUNCTIONS)

#: every registry a user can list with tools/list_components.py, by kind
ALL_REGISTRIES = {
    'model': MODELS,
    'dataset': DATASETS,
    'transform': TRANSFORMS,
    'hook': HOOKS,
    'optimizer wrapper constructor': OPTIM_WRAPPER_CONSTRUCTORS,
    'optimizer wrapper': OPTIM_WRAPPERS,
    'parameter scheduler': PARAM_SCHEDULERS,
}
