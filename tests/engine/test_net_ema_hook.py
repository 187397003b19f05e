"""NetEMAHook: the moving average follows its formula, validation runs with it and puts the raw
weights back exactly, and checkpoints carry it so that a resumed hook continues the same."""
from types import SimpleNamespace

import pytest
import torch
from torch import nn

from i2itools.engine.hooks import NetEMAHook
from i2itools.engine.hooks.net_ema_hook import EMA_CHECKPOINT_KEY


class TwoNets(nn.Module):
    """The attributes of a Translator the hook uses: nets by name and ``net_names``."""

    def __init__(self):
        super().__init__()
        self.G = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
        self.D = nn.Linear(2, 1)
        self.net_names = ('G', 'D')


def _runner(model):
    return SimpleNamespace(model=model, iter=0)


def _set_weights(net, value):
    with torch.no_grad():
        for param in net.parameters():
            param.fill_(value)


def _trained_hook(model, runner, weights, **options):
    """The hook after one iteration per value of ``weights`` (all of G's parameters set to it)."""
    hook = NetEMAHook(**options)
    hook.before_run(runner)
    hook.before_train(runner)
    for iteration, value in enumerate(weights):
        runner.iter = iteration
        _set_weights(model.G, value)
        hook.after_train_iter(runner, iteration)
    return hook


def test_average_follows_momentum_formula_from_start_iter():
    model = TwoNets()
    runner = _runner(model)
    _set_weights(model.G, 0.0)
    # iteration 1 (up to start_iter) copies 1.0; iterations 2 and 3 average 3.0 and 5.0 in
    hook = _trained_hook(model, runner, [1.0, 3.0, 5.0], momentum=0.75, start_iter=1)
    expected = 0.75 * (0.75 * 1.0 + 0.25 * 3.0) + 0.25 * 5.0
    checkpoint = {}
    hook.before_save_checkpoint(runner, checkpoint)
    averages = checkpoint[EMA_CHECKPOINT_KEY]
    assert torch.allclose(averages['G.0.weight'], torch.full((2, 2), expected))
    assert not any(key.startswith('D.') for key in averages)
    model.G[1].running_mean.fill_(7.0)  # buffers are copied at the next update, not averaged
    hook.after_train_iter(runner, 3)
    hook.before_save_checkpoint(runner, checkpoint)
    assert torch.equal(checkpoint[EMA_CHECKPOINT_KEY]['G.1.running_mean'], torch.full((2,), 7.0))


def test_validation_runs_with_the_average_and_restores_raw_weights_exactly():
    model = TwoNets()
    runner = _runner(model)
    hook = _trained_hook(model, runner, [1.0, 3.0], momentum=0.5, start_iter=1)
    raw = {k: v.clone() for k, v in model.state_dict().items()}
    hook.before_val_epoch(runner)
    assert torch.equal(model.G[0].weight, torch.full((2, 2), 2.0))
    assert torch.equal(model.D.weight, raw['D.weight'])
    hook.after_val_epoch(runner, {})
    for key, value in model.state_dict().items():
        assert torch.equal(value, raw[key]), key


def test_resumed_hook_continues_from_the_checkpoint_average():
    model = TwoNets()
    runner = _runner(model)
    straight = _trained_hook(model, runner, [1.0, 3.0, 5.0], momentum=0.5, start_iter=1)
    interrupted = _trained_hook(model, runner, [1.0, 3.0], momentum=0.5, start_iter=1)
    checkpoint = {}
    interrupted.before_save_checkpoint(runner, checkpoint)
    resumed = NetEMAHook(momentum=0.5, start_iter=1)
    resumed.after_load_checkpoint(runner, checkpoint)
    resumed.before_train(runner)
    runner.iter = 2
    _set_weights(model.G, 5.0)
    resumed.after_train_iter(runner, 2)
    first, second = {}, {}
    straight.before_save_checkpoint(runner, first)
    resumed.before_save_checkpoint(runner, second)
    for key, value in first[EMA_CHECKPOINT_KEY].items():
        assert torch.equal(value, second[EMA_CHECKPOINT_KEY][key]), key


def test_unknown_net_and_bad_momentum_are_reported():
    with pytest.raises(KeyError, match=r"no net \['G_A'\].*has \['G', 'D'\]"):
        NetEMAHook(nets=('G_A',)).before_run(_runner(TwoNets()))
    with pytest.raises(ValueError, match='momentum must be in'):
        NetEMAHook(momentum=1.5)
