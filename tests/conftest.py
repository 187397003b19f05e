"""Shared fixtures: tiny pix2pix, CycleGAN and BicycleGAN configs on tiny built-in data (made once
per session), their tiny training runs (trained once per session, read-only), and the runners of
tools/*.py (in this process, or as a real process)."""
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch

import tool_runs
from tiny_configs import (REPO, TINY_BICYCLE, TINY_CONFIG, TINY_CYCLEGAN, TINY_FASTCUT,
                          write_tiny_config)

if os.environ.get('PYTEST_XDIST_WORKER'):
    # pytest -n N: N workers share the cores; a worker (and the tools it starts) on more than
    # one thread would wait for the others' threads at every operation
    os.environ['OMP_NUM_THREADS'] = os.environ['MKL_NUM_THREADS'] = '1'
    torch.set_num_threads(1)

#: the files that take longest (real processes, training, Inception), slowest first, as
#: measured by .ci/durations_table.py (docs/contributing.md)
LONGEST_FILES = [
    'test_docs_commands.py', 'tools/test_exact_resume.py', 'tools/test_reference_study.py',
    'engine/test_distributed_training.py', 'tools/test_ablation_tool.py',
    'evaluation/test_pytorch_fid_parity.py', 'evaluation/test_clean_fid_parity.py',
    'engine/test_health_check.py', 'tools/test_bad_input_checkpoints.py',
    'tools/test_inspection_tools.py', 'evaluation/test_fid_and_kid_metrics.py',
    'engine/test_distributed_families.py', 'tools/test_test_tool.py', 'apis/test_exporting.py',
    'evaluation/test_evaluate_tool.py', 'engine/test_distributed_nonfinite_skip.py',
    'tools/test_bad_input_battery.py', 'tools/test_cut_tools.py',
    'tools/test_validation_and_report.py']


def pytest_collection_modifyitems(items):
    """The longest files first: pytest-xdist hands out whole files in this order (``--dist
    loadfile`` in setup.cfg), so that the short files fill in at the end and the workers finish
    together, instead of one running a long file alone."""
    rank = {REPO / 'tests' / name: place for place, name in enumerate(LONGEST_FILES)}
    missing = [str(path) for path in rank if not path.exists()]
    assert not missing, f'LONGEST_FILES in tests/conftest.py names files that are gone: {missing}'
    items.sort(key=lambda item: rank.get(item.path, len(rank)))


@pytest.fixture(scope='session')
def tiny_data(tmp_path_factory):
    """The folder of the tiny configs' built-in data, generated there once, by the first run
    that reads it (the generation is atomic per folder)."""
    return tmp_path_factory.mktemp('tiny_data')


@pytest.fixture
def tiny_config(tmp_path, tiny_data):
    """Path of a pix2pix config (yours to edit) with 4-channel nets, 32 px built-in facades,
    4 iterations."""
    return write_tiny_config(tmp_path / 'tiny_pix2pix.py', TINY_CONFIG, tiny_data)


@pytest.fixture
def tiny_cyclegan_config(tmp_path, tiny_data):
    """Path of a CycleGAN config (yours to edit) with 4-channel nets, 32 px built-in stripes,
    4 iterations."""
    return write_tiny_config(tmp_path / 'tiny_cyclegan.py', TINY_CYCLEGAN, tiny_data)


@pytest.fixture
def tiny_bicycle_config(tmp_path, tiny_data):
    """``tiny_bicycle_config(base=z8_all.py)``: path of a BicycleGAN-family config (yours to
    edit) over ``base``, with 4-channel nets, 64 px built-in shapes, 4 iterations."""

    def write(base=REPO / 'configs' / 'bicycle' / 'z8_all.py'):
        return write_tiny_config(tmp_path / f'tiny_{Path(base).name}', TINY_BICYCLE, tiny_data,
                                 base)

    return write


@pytest.fixture
def tiny_fastcut_config(tmp_path, tiny_data):
    """Path of a FastCUT config (yours to edit) with 4-channel nets, 32 px built-in stripes,
    4 iterations, that stops resizing and cropping half-way."""
    return write_tiny_config(tmp_path / 'tiny_fastcut.py', TINY_FASTCUT, tiny_data)


@pytest.fixture
def run_tool():
    """``run_tool('train.py', *args, env=None, cwd=REPO)``: run a script of tools/ as its
    ``__main__`` in this process (no start-up cost), restoring the process state afterwards;
    a result with returncode, stdout and stderr."""
    return tool_runs.run_tool_in_process


@pytest.fixture
def run_tool_process():
    """The same as a real process: for one test per tool (the CLI contract) and what needs a
    process of its own (signals, faults injected at start-up, distributed runs)."""
    return tool_runs.run_tool_process


@pytest.fixture
def isolated_registries():
    """Undo, after the test, what importing plugins in this process registered and loaded."""
    with tool_runs.isolated_registries():
        yield


@dataclass(frozen=True)
class TrainedRun:
    """A finished tiny training run: the config it trained from, its work dir (iter_2.pth,
    iter_4.pth, latest_net_<net>.pth, samples/) and what train.py printed."""
    config: Path
    work: Path
    log: str


def _train_once(tmp_path_factory, name, config, run):
    folder = tmp_path_factory.mktemp(name)
    shutil.copy(config, folder / config.name)
    result = run('train.py', folder / config.name, '--work-dir', folder / 'work')
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return TrainedRun(folder / config.name, folder / 'work', result.stdout + result.stderr)


def _files(folder):
    return {path: (path.stat().st_size, path.stat().st_mtime_ns) for path in folder.rglob('*')}


@pytest.fixture(scope='session')
def _pix2pix_run(tmp_path_factory, tiny_data):
    # the one real process of train.py that trains (test_train_tool reads its log)
    config = write_tiny_config(tmp_path_factory.mktemp('cfg') / 'tiny_pix2pix.py', TINY_CONFIG,
                               tiny_data)
    return _train_once(tmp_path_factory, 'pix2pix_run', config, tool_runs.run_tool_process)


@pytest.fixture(scope='session')
def _cyclegan_run(tmp_path_factory, tiny_data):
    config = write_tiny_config(tmp_path_factory.mktemp('cfg') / 'tiny_cyclegan.py',
                               TINY_CYCLEGAN, tiny_data)
    return _train_once(tmp_path_factory, 'cyclegan_run', config, tool_runs.run_tool_in_process)


@pytest.fixture(scope='session')
def _bicycle_run(tmp_path_factory, tiny_data):
    config = write_tiny_config(tmp_path_factory.mktemp('cfg') / 'tiny_bicycle.py', TINY_BICYCLE,
                               tiny_data, REPO / 'configs' / 'bicycle' / 'z8_all.py')
    return _train_once(tmp_path_factory, 'bicycle_run', config, tool_runs.run_tool_in_process)


def _read_only(run):
    """Yield ``run``, then fail the test if it changed any file of the shared run."""
    before = _files(run.config.parent)
    yield run
    assert _files(run.config.parent) == before, (
        f'a test wrote into the shared run {run.config.parent}; copy it first (copy_run)')


@pytest.fixture
def pix2pix_run(_pix2pix_run):
    """The tiny pix2pix config trained 4 iterations by a real train.py process (read-only)."""
    yield from _read_only(_pix2pix_run)


@pytest.fixture
def cyclegan_run(_cyclegan_run):
    """The tiny CycleGAN config trained 4 iterations (read-only)."""
    yield from _read_only(_cyclegan_run)


@pytest.fixture
def bicycle_run(_bicycle_run):
    """The tiny BicycleGAN z8_all config trained 4 iterations (read-only)."""
    yield from _read_only(_bicycle_run)


@pytest.fixture
def copy_run(tmp_path):
    """``copy_run(run)``: a copy of a shared run under tmp_path, yours to change (resume,
    cut checkpoints short); its last_checkpoint names its own copy."""

    def copy(run):
        folder = tmp_path / f'copy_of_{run.config.parent.name}'
        shutil.copytree(run.config.parent, folder)
        pointer = folder / 'work' / 'last_checkpoint'
        pointer.write_text(pointer.read_text().replace(str(run.work), str(folder / 'work')))
        return TrainedRun(folder / run.config.name, folder / 'work', run.log)

    return copy
