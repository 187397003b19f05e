"""Interrupted runs lose nothing: after SIGKILL and --resume a run with data workers repeats an
uninterrupted one bit for bit, and so does a run without workers; SIGTERM and Ctrl-C stop it
cleanly after saving; a second Ctrl-C stops at once.

The runs that are signalled are real processes; the others (the uninterrupted runs, the resumes)
run tools/train.py in this process, as a new process would (``tool_runs``), all on one thread."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import torch
from mmengine.config import Config

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)
from tiny_configs import TINY_CONFIG, TINY_CYCLEGAN, TINY_FASTCUT
from tool_runs import run_tool_in_process

REPO = Path(__file__).resolve().parents[2]

#: a test plugin: holds training after one iteration until the test lets it go (or kills it)
HOLD_HOOK = '''
import os
import time

from mmengine.hooks import Hook

from i2itools.registry import HOOKS


@HOOKS.register_module()
class HoldAfterIterationHook(Hook):
    priority = 'LOWEST'  # after the iteration is logged and checkpointed

    def __init__(self, iteration, held_file, release_file):
        self.iteration, self.held_file, self.release_file = iteration, held_file, release_file

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 != self.iteration:
            return
        open(self.held_file, 'w').close()
        deadline = time.monotonic() + 60
        while not os.path.exists(self.release_file) and time.monotonic() < deadline:
            time.sleep(0.02)
'''

#: BicycleGAN's main job (z8_all) with 4-channel nets at 32 px, batch 2
TINY_BICYCLE = '''
_base_ = ['{repo}/configs/bicycle/z8_all.py']
model = dict(nets=dict(G=dict(base_channels=4), E=dict(base_channels=4),
                       D=dict(base_channels=4), D2=dict(base_channels=4)))
data_root = '{data_root}'
builtin = dict(_delete_=True, name='synth_shapes', size=32, num_train=6, num_val=0, num_test=2)
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
                        dataset=dict(data_root=data_root, builtin=builtin))
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin))
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''

#: an EMA of G, and validation (with the EMA) every 2 iterations
WITH_EMA_AND_VALIDATION = '''
_base_ = ['{base}']
data_root = '{data_root}'
builtin = dict(_delete_=True, name='synth_facades', size=32, num_train=6, num_val=2, num_test=3)
train_dataloader = dict(dataset=dict(builtin=builtin))
test_dataloader = dict(dataset=dict(builtin=builtin))
val_dataloader = dict(num_workers=0, dataset=dict(
    data_root=data_root, builtin=builtin, pipeline=[dict(type='Resize', size=32)]))
train_cfg = dict(val_begin=2, val_interval=2)
default_hooks = dict(ema=dict(type='NetEMAHook', nets=('G',), momentum=0.5))
'''

#: every iteration logged unsmoothed, six iterations
PER_ITERATION_LOGS = '''
train_cfg = dict(max_iters=6)
log_processor = dict(window_size=1)
'''


#: CycleGAN's pools hold 2 images, so from iteration 3 on they draw from Python's random
SMALL_POOLS = '''
_pool = dict(type='ImagePool', pool_size=2)
model = dict(adversarial=dict(GAN_A=dict(pool=_pool), GAN_B=dict(pool=_pool)))
'''

#: the training loader with the configs' 2 persistent workers, or with none
LOADERS = {2: 'train_dataloader = dict(num_workers=2, persistent_workers=True)\n',
           0: 'train_dataloader = dict(num_workers=0, persistent_workers=False)\n'}

#: tiny pix2pix (with an EMA and validation, where a new best checkpoint rewrites iter_2.pth),
#: CycleGAN, BicycleGAN and FastCUT (random flips and patches; its pipeline switched after
#: iteration 3, inside the resumed part) configs of 6 iterations, checkpoints every 2: each a
#: config, and any configs that inherit from it in turn
FAMILIES = {
    'pix2pix': [TINY_CONFIG + PER_ITERATION_LOGS, WITH_EMA_AND_VALIDATION],
    'cyclegan': [TINY_CYCLEGAN + SMALL_POOLS + PER_ITERATION_LOGS],
    'bicycle': [TINY_BICYCLE + PER_ITERATION_LOGS],
    'fastcut': [TINY_FASTCUT + PER_ITERATION_LOGS],
}


class Runs:
    """The families' configs in one folder, and their uninterrupted runs with 2 data workers,
    each trained once for the whole module."""

    def __init__(self, folder):
        self.folder = folder

    def config(self, family, workers):
        path = self.folder / f'{family}_{workers}_workers.py'
        if not path.exists():
            path.write_text(f"_base_ = ['{self._base(family)}']\n" + LOADERS[workers])
            loader = Config.fromfile(path).train_dataloader  # the runs are what they say
            assert (loader.num_workers, loader.persistent_workers) == (workers, workers > 0)
        return path

    def _base(self, family):
        base = None
        for level, text in enumerate(FAMILIES[family]):
            base, parent = self.folder / f'{family}_{level}.py', base
            if not base.exists():  # another config of the family may be training from it
                data = self.folder / f'data_{family}'
                base.write_text(text.format(repo=REPO, data_root=data, data=data,
                                            base=parent))
        return base

    def straight(self, family):
        """The work dir of the family's finished uninterrupted run."""
        work = self.folder / f'{family}_straight'
        if not work.exists():
            _train(self.config(family, workers=2), work)
        return work


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    return Runs(tmp_path_factory.mktemp('runs'))


def _held_config(config, iteration, folder):
    """``config`` plus the plugin hook that holds training after ``iteration``."""
    (folder / 'hold_hook.py').write_text(HOLD_HOOK)
    held, release = folder / 'held', folder / 'release'
    path = folder / f'held_{config.name}'
    path.write_text(
        f"_base_ = ['{config}']\n"
        "custom_imports = dict(imports=['hold_hook'], allow_failed_imports=False)\n"
        f"custom_hooks = [dict(type='HoldAfterIterationHook', iteration={iteration}, "
        f"held_file='{held}', release_file='{release}')]\n")
    return path, held, release


def _start(config, work):
    """tools/train.py on ``config`` in a process of its own, to be signalled."""
    env = {**os.environ, 'PYTHONPATH': f'{config.parent}:{REPO}', 'OMP_NUM_THREADS': '1'}
    # a file, not a pipe: the data workers of a killed run hold it open for a few seconds
    log = tempfile.TemporaryFile('w+')
    process = subprocess.Popen([sys.executable, str(REPO / 'tools' / 'train.py'), str(config),
                                '--work-dir', str(work), '--threads', '1'],
                               cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log
    return process


def _train(config, work, *extra):
    """tools/train.py on ``config`` in this process; its output, once it has exited cleanly."""
    result = run_tool_in_process('train.py', config, '--work-dir', work, '--threads', '1', *extra,
                                 env={'PYTHONPATH': config.parent})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    return output


def _output(process):
    process.log.seek(0)
    return process.log.read()


def _finish(process, expected_code=0):
    process.wait(timeout=300)
    output = _output(process)
    assert process.returncode == expected_code, output[-6000:]
    return output


def _wait_for(path, process):
    deadline = time.monotonic() + 120
    while not path.exists():
        assert process.poll() is None, _output(process)[-6000:]
        assert time.monotonic() < deadline, f'{path} never appeared'
        time.sleep(0.05)


def _logged_runs(work):
    """Per run (oldest first): iteration -> the losses and learning rates it logged."""
    runs = []
    for scalars in sorted(work.glob('*/vis_data/scalars.json')):
        records = [json.loads(line) for line in scalars.read_text().splitlines()]
        runs.append({r['iter']: {k: v for k, v in r.items() if 'loss' in k or k.endswith('lr')}
                     for r in records if 'iter' in r})  # validation records have no 'iter'
    return runs


def _assert_same_tensors(first, second, where=''):
    if torch.is_tensor(first):
        assert torch.equal(first, second), where
    elif isinstance(first, dict):
        assert first.keys() == second.keys(), where
        for key in first:
            _assert_same_tensors(first[key], second[key], f'{where}.{key}')
    elif isinstance(first, (list, tuple)):
        assert len(first) == len(second), where
        for index, (a, b) in enumerate(zip(first, second)):
            _assert_same_tensors(a, b, f'{where}[{index}]')
    else:
        assert first == second, where


def _assert_same_final_state(first_work, second_work):
    final = [torch.load(work / 'iter_6.pth', weights_only=True)
             for work in (first_work, second_work)]
    assert final[0].keys() == final[1].keys()
    for key in ('state_dict', 'optimizer', 'param_schedulers', 'ema_state_dict'):
        if key in final[0]:
            _assert_same_tensors(final[0][key], final[1][key], key)
    return final[0]


@pytest.mark.parametrize('family', FAMILIES)
def test_sigkill_with_data_workers_then_resume_repeats_the_uninterrupted_run_bit_for_bit(
        family, runs, tmp_path):
    interrupted = tmp_path / 'interrupted'
    config = runs.config(family, workers=2)
    held_config, held, _ = _held_config(config, 3, tmp_path)
    victim = _start(held_config, interrupted)
    _wait_for(held, victim)  # iteration 3 is done; the last checkpoint is iter_2.pth
    victim.send_signal(signal.SIGKILL)
    _finish(victim, -signal.SIGKILL)
    # started in the killed run's second, the resume still logs to a folder of its own
    log = _train(config, interrupted, '--resume')
    straight = runs.straight(family)

    assert 'resumed epoch: 0, iter: 2' in log
    expected, = _logged_runs(straight)
    killed, resumed = _logged_runs(interrupted)
    assert sorted(killed) == [1, 2, 3] and sorted(resumed) == [3, 4, 5, 6]
    for run in (killed, resumed):
        for iteration, values in run.items():
            assert values == expected[iteration], iteration
    final = _assert_same_final_state(straight, interrupted)
    if family == 'pix2pix':  # the case is what it says
        assert 'ema_state_dict' in final and list(interrupted.glob('best_PSNR_iter_*.pth'))
    if family == 'cyclegan':
        assert final['state_dict']['adversarial.GAN_A.pool.num_images'] == 2


@pytest.mark.parametrize('family', FAMILIES)
def test_a_run_without_data_workers_equals_the_run_with_two(family, runs, tmp_path):
    without = tmp_path / 'no_workers'
    _train(runs.config(family, workers=0), without)
    straight = runs.straight(family)

    assert _logged_runs(without) == _logged_runs(straight)
    _assert_same_final_state(straight, without)


def test_sigterm_saves_the_finished_iteration_exits_cleanly_and_resume_continues(
        tiny_config, tmp_path):
    work = tmp_path / 'work'
    held_config, held, release = _held_config(tiny_config, 2, tmp_path)
    process = _start(held_config, work)
    _wait_for(held, process)
    process.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    release.touch()
    log = _finish(process, 128 + signal.SIGTERM)

    assert 'Traceback' not in log
    stopped = [line for line in log.splitlines() if line.startswith('training stopped')]
    assert stopped == [f'training stopped by SIGTERM after iteration 3; saved {work}/iter_3.pth']
    assert f'--work-dir {work} --resume' in log.splitlines()[-1]
    assert torch.load(work / 'iter_3.pth', weights_only=True)['meta']['iter'] == 3
    assert (work / 'last_checkpoint').read_text() == str(work / 'iter_3.pth')
    log = _train(tiny_config, work, '--resume')
    assert 'resumed epoch: 0, iter: 3' in log
    assert torch.load(work / 'iter_4.pth', weights_only=True)['meta']['iter'] == 4


def test_second_ctrl_c_stops_at_once_without_saving(tiny_config, tmp_path):
    work = tmp_path / 'work'
    held_config, held, _ = _held_config(tiny_config, 2, tmp_path)
    process = _start(held_config, work)
    _wait_for(held, process)
    process.send_signal(signal.SIGINT)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)  # the run is still held: only stopping at once ends it
    log = _finish(process, 130)

    assert 'SIGINT received: finishing this iteration' in log
    assert 'stopped at once, without saving' in log.splitlines()[-1]
    assert not (work / 'iter_3.pth').exists()
    assert torch.load(work / 'iter_2.pth', weights_only=True)['meta']['iter'] == 2
