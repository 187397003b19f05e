"""SpeedSettingsHook warns when a run's threads outnumber the free cores, stays quiet with one
thread each, and puts the fast path's model settings into effect."""
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from i2itools.engine.hooks import speed_settings_hook
from i2itools.engine.hooks.speed_settings_hook import SpeedSettingsHook


class TinyModel(nn.Module):
    """Stands in for the Translator: a parameter, and the fast path's model switch."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(1))
        self.switched = 0

    def use_matmul_convolutions(self):
        self.switched += 1


@pytest.fixture
def logged(monkeypatch):
    lines = []
    monkeypatch.setattr(speed_settings_hook, 'print_log',
                        lambda message, logger=None, level=None: lines.append((level, message)))
    return lines


def _runner(fast=False):
    return SimpleNamespace(model=TinyModel(), cfg=dict(fast=fast), iter=0)


def _warnings(lines):
    return [message for level, message in lines if level is not None]


def test_more_threads_than_free_cores_warns_with_the_fix(monkeypatch, logged):
    monkeypatch.setattr(speed_settings_hook, 'free_cores', lambda: 0)
    monkeypatch.setattr(torch, 'get_num_threads', lambda: 2)
    SpeedSettingsHook().before_train(_runner())
    (warning,) = _warnings(logged)
    assert warning.startswith('2 intra-op threads but only about 0 free cores')
    assert '--threads N (or threads = N in the config), N = cores / runs' in warning


def test_one_thread_per_run_is_not_warned_about(monkeypatch, logged):
    monkeypatch.setattr(speed_settings_hook, 'free_cores', lambda: 0)
    monkeypatch.setattr(torch, 'get_num_threads', lambda: 1)
    hook = SpeedSettingsHook()
    hook.before_train(_runner())
    hook.after_train_iter(_runner(), 0)
    assert not _warnings(logged)
    assert 'CPU: ' in logged[0][1] and '1 intra-op threads' in logged[0][1]


def test_a_run_started_beside_another_is_warned_about_later(monkeypatch, logged):
    """Both started at once: the load average has not risen at the start, but has later."""
    monkeypatch.setattr(speed_settings_hook, 'free_cores', lambda: 2)
    monkeypatch.setattr(speed_settings_hook, 'usable_cores', lambda: 2)
    monkeypatch.setattr(speed_settings_hook, 'load_average', lambda: 4.1)
    monkeypatch.setattr(torch, 'get_num_threads', lambda: 2)
    hook = SpeedSettingsHook(check_after=1e-6)
    hook.before_train(_runner())
    assert not _warnings(logged)
    hook.after_train_iter(_runner(), 0)
    hook.after_train_iter(_runner(), 1)  # once only
    (warning,) = _warnings(logged)
    assert warning.startswith('the 1-minute load average is 4.1 on 2 cores while this run uses 2')


def test_fast_settings_reach_the_model_and_the_log(logged):
    runner = _runner(fast=dict(autocast=None, fused_optimizer=True, channels_last=False,
                               matmul_convolutions=True))
    SpeedSettingsHook().before_train(runner)
    assert runner.model.switched == 1
    assert logged[0][1].startswith('fast path: float32')


def test_an_unresolved_fast_flag_is_refused():
    with pytest.raises(ValueError, match='fast=True must be resolved'):
        SpeedSettingsHook().before_train(_runner(fast=True))
