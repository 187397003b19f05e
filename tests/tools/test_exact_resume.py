"""Interrupted runs lose nothing: after SIGKILL and --resume a run repeats an uninterrupted one
bit for bit; SIGTERM and Ctrl-C stop it cleanly after saving; a second Ctrl-C stops at once."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)

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

#: a tiny pix2pix config with an EMA of G, validated (with the EMA) every 2 iterations
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


@pytest.fixture(params=['pix2pix', 'bicycle', 'pix2pix_ema_validated', 'fastcut'])
def six_iteration_config(request, tiny_config, tiny_fastcut_config, tmp_path):
    """The tiny pix2pix, BicycleGAN or FastCUT config (FastCUT: random flips and patches, its
    pipeline switched after iteration 3), or pix2pix with EMA and validation (where a new best
    checkpoint rewrites iter_2.pth during validation), 6 iterations, checkpoints every 2."""
    if request.param == 'bicycle':
        text = TINY_BICYCLE.format(repo=REPO, data_root=tmp_path / 'data')
    elif request.param == 'fastcut':
        text = tiny_fastcut_config.read_text()
    else:
        text = tiny_config.read_text()
    path = tmp_path / f'tiny_{request.param}.py'
    path.write_text(text + PER_ITERATION_LOGS)
    if request.param != 'pix2pix_ema_validated':
        return path
    child = tmp_path / 'tiny_pix2pix_ema.py'
    child.write_text(WITH_EMA_AND_VALIDATION.format(base=path, data_root=tmp_path / 'data'))
    return child


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


def _start(config, work, *extra):
    env = {**os.environ, 'PYTHONPATH': f'{config.parent}:{REPO}', 'OMP_NUM_THREADS': '1'}
    return subprocess.Popen([sys.executable, str(REPO / 'tools' / 'train.py'), str(config),
                             '--work-dir', str(work), *map(str, extra)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _finish(process, expected_code=0):
    out, err = process.communicate(timeout=300)
    assert process.returncode == expected_code, out[-3000:] + err[-3000:]
    return out + err


def _wait_for(path, process):
    deadline = time.monotonic() + 120
    while not path.exists():
        assert process.poll() is None, process.communicate()[1][-3000:]
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


def test_sigkill_then_resume_repeats_the_uninterrupted_run_bit_for_bit(six_iteration_config,
                                                                       tmp_path):
    straight, interrupted = tmp_path / 'straight', tmp_path / 'interrupted'
    held_config, held, _ = _held_config(six_iteration_config, 3, tmp_path)
    reference = _start(six_iteration_config, straight)
    victim = _start(held_config, interrupted)
    _wait_for(held, victim)  # iteration 3 is done; the last checkpoint is iter_2.pth
    victim.send_signal(signal.SIGKILL)
    _finish(victim, -signal.SIGKILL)
    log = _finish(_start(six_iteration_config, interrupted, '--resume'))
    _finish(reference)

    assert 'resumed epoch: 0, iter: 2' in log
    expected, = _logged_runs(straight)
    killed, resumed = _logged_runs(interrupted)
    assert sorted(killed) == [1, 2, 3] and sorted(resumed) == [3, 4, 5, 6]
    for run in (killed, resumed):
        for iteration, values in run.items():
            assert values == expected[iteration], iteration
    final = [torch.load(work / 'iter_6.pth', weights_only=True) for work in (straight, interrupted)]
    assert final[0].keys() == final[1].keys()
    if 'ema' in six_iteration_config.name:  # the case is what it says
        assert 'ema_state_dict' in final[0] and list(interrupted.glob('best_PSNR_iter_*.pth'))
    for key in ('state_dict', 'optimizer', 'param_schedulers', 'ema_state_dict'):
        if key in final[0]:
            _assert_same_tensors(final[0][key], final[1][key], key)


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
    log = _finish(_start(tiny_config, work, '--resume'))
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
