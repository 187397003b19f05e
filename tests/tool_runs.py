"""Running ``tools/*.py`` from the tests: as a real process (the CLI contract, a few tests per
tool) or inside the test process (no 3-9 s start of Python, torch and mmengine per call).

In-process, the tool's file runs as ``__main__`` with its ``sys.argv``, as ``python tools/x.py``
does, and what it changes in the process is undone afterwards: environment, working dir,
``sys.path`` and imported plugins, registries, mmengine's global instances (loggers, message
hubs, default scopes, visualisers), signal handlers, random states and torch's CPU settings.
What i2itools' modules keep (e.g. MakeDivisible's warn-once flag) stays: a test of such state
resets it, or uses a real process.
"""
import contextlib
import io
import os
import random
import runpy
import signal
import subprocess
import sys
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import torch
from mmengine.utils import ManagerMixin

REPO = Path(__file__).resolve().parents[1]
TOOLS = REPO / 'tools'


@dataclass
class ToolResult:
    """What a run of a tool gave: the attributes of ``subprocess.CompletedProcess`` tests read."""
    returncode: int
    stdout: str
    stderr: str


def run_tool_process(tool, *args, env=None, cwd=REPO, timeout=300):
    """``python tools/<tool> args`` in a new process, in ``cwd``."""
    full_env = {**os.environ, 'PYTHONPATH': str(REPO), **(env or {})}
    return subprocess.run([sys.executable, str(TOOLS / tool), *map(str, args)], cwd=cwd,
                          env=full_env, capture_output=True, text=True, timeout=timeout)


def run_tool_in_process(tool, *args, env=None, cwd=REPO):
    """``tools/<tool>`` run as ``__main__`` in this process with ``args``; a ``ToolResult`` with
    the exit status and output a real process would give. ``env`` is set while it runs (its
    PYTHONPATH entries go on ``sys.path``, as Python would put them)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    # the streams first: a logger made while the process state is set aside writes to them
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr), \
            isolated_process_state(), warnings_as_a_new_process():
        os.environ.update({key: str(value) for key, value in (env or {}).items()})
        python_path = [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]
        sys.path[:0] = [str(TOOLS), *python_path]
        sys.argv = [str(TOOLS / tool), *map(str, args)]
        os.chdir(cwd)
        code = _exit_status(lambda: runpy.run_path(str(TOOLS / tool), run_name='__main__'))
    return ToolResult(code, stdout.getvalue(), stderr.getvalue())


def _exit_status(run):
    """Run ``run()`` and return the exit status Python would exit with, printing to stderr
    what it prints: the message of ``sys.exit('...')``, the traceback of an uncaught error."""
    try:
        run()
    except SystemExit as exit:
        if exit.code is None or isinstance(exit.code, int):
            return exit.code or 0
        print(exit.code, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: B902  (an uncaught error ends a real process with 1)
        traceback.print_exception(error, file=sys.stderr)
        return 1
    return 0


@contextlib.contextmanager
def warnings_as_a_new_process():
    """Warnings printed to (the redirected) stderr, each once per place as in a new process,
    instead of being collected by pytest."""
    with warnings.catch_warnings():
        warnings.resetwarnings()
        warnings.simplefilter('default')
        for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning,
                         ResourceWarning):
            warnings.simplefilter('ignore', category)
        warnings.showwarning = _print_warning
        yield


def _print_warning(message, category, filename, lineno, file=None, line=None):
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@contextlib.contextmanager
def isolated_registries(fresh_modules=False):
    """Undo on exit what importing plugins registers and loads: the registries' parts, the
    modules of plugins, ``sys.path``. With ``fresh_modules`` the user modules (see
    ``_user_modules``) are also hidden meanwhile, as a new process has none of them."""
    from i2itools.registry import ALL_REGISTRIES
    for registry in ALL_REGISTRIES.values():
        registry.import_from_location()
    parts = {registry: dict(registry.module_dict) for registry in ALL_REGISTRIES.values()}
    path = list(sys.path)
    kept = {name: sys.modules[name] for name in _user_modules()}
    if fresh_modules:
        for name in kept:
            del sys.modules[name]
    try:
        yield
    finally:
        for registry, saved in parts.items():
            registry._module_dict.clear()
            registry._module_dict.update(saved)
        for name in _user_modules():
            del sys.modules[name]
        sys.modules.update(kept)
        sys.path[:] = path


def _user_modules():
    """The imported modules from files that are neither i2itools nor installed (plugins, the
    tests): a run may import others of the same name from elsewhere, or none."""
    def user_file(module):
        spec = getattr(module, '__spec__', None)
        where = getattr(module, '__file__', None) or next(
            iter(getattr(spec, 'submodule_search_locations', None) or []), None)  # namespaces
        return (isinstance(where, str) and os.path.isabs(where)
                and not where.startswith((sys.prefix, sys.base_prefix)))

    return [name for name, module in list(sys.modules.items())
            if not name.startswith(('i2itools', '__')) and user_file(module)]


@contextlib.contextmanager
def isolated_process_state():
    """Undo on exit what a tool run changes in the process (see the module doc); meanwhile
    the process has no user modules and no mmengine instances, as a new one."""
    saved = dict(
        environ=dict(os.environ), cwd=os.getcwd(), argv=list(sys.argv),
        threads=torch.get_num_threads(), cv2=cv2.getNumThreads(),
        instances={cls: dict(cls._instance_dict) for cls in _manager_classes()},
        handlers={s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)},
        rng=(torch.get_rng_state(), np.random.get_state(), random.getstate()))
    for cls in saved['instances']:
        cls._instance_dict.clear()
    try:
        with isolated_registries(fresh_modules=True):
            yield
    finally:
        os.environ.clear()
        os.environ.update(saved['environ'])
        os.chdir(saved['cwd'])
        sys.argv[:] = saved['argv']
        _restore_instances(saved['instances'])
        for signum, handler in saved['handlers'].items():
            signal.signal(signum, handler)
        torch.set_num_threads(saved['threads'])
        torch.set_flush_denormal(False)  # a run's apply_cpu_settings; False is torch's default
        cv2.setNumThreads(saved['cv2'])
        torch.set_rng_state(saved['rng'][0])
        np.random.set_state(saved['rng'][1])
        random.setstate(saved['rng'][2])


def _manager_classes(cls=ManagerMixin):
    """mmengine's classes of named global instances (MMLogger, MessageHub, DefaultScope, ...)."""
    for sub in cls.__subclasses__():
        yield sub
        yield from _manager_classes(sub)


def _restore_instances(saved):
    """Close the loggers a run made (their files and streams) and put back the instances that
    were there before it."""
    for cls in _manager_classes():
        for instance in cls._instance_dict.values():
            for handler in list(getattr(instance, 'handlers', [])):
                instance.removeHandler(handler)
                handler.close()
        cls._instance_dict.clear()
        cls._instance_dict.update(saved.get(cls, {}))
