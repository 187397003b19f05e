"""A NaN loss never reaches the weights: with policy 'skip' the run trains on and counts it,
with 'stop' it stops after saving the last good weights; non-finite weights are never saved."""
from pathlib import Path

import torch

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)

REPO = Path(__file__).resolve().parents[2]

#: test plugins: a loss that explodes at one iteration, and a hook that spoils the weights
PLUGIN = '''
import torch
from mmengine.hooks import Hook
from torch import nn

from i2itools.registry import HOOKS, MODELS


@MODELS.register_module()
class NanAtIterationLoss(nn.Module):
    """0 * sum(pred), except NaN * sum(pred) at its ``iteration``-th call (one per G step)."""

    def __init__(self, iteration):
        super().__init__()
        self.iteration, self.calls = iteration, 0

    def forward(self, pred):
        self.calls += 1
        return pred.sum() * (float('nan') if self.calls == self.iteration else 0.0)


@HOOKS.register_module()
class SpoilWeightsHook(Hook):
    """Puts a NaN in G's first weight after ``iteration``, before the checkpoint is written."""

    priority = 'LOW'

    def __init__(self, iteration):
        self.iteration = iteration

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 == self.iteration:
            with torch.no_grad():
                next(runner.model.G.parameters()).view(-1)[0] = float('nan')
'''


def _configured(tiny_config, tmp_path, extra):
    """The tiny config with the test plugins, 5 iterations each checkpointed, and ``extra``."""
    (tmp_path / 'nan_plugins.py').write_text(PLUGIN)
    config = tmp_path / 'guarded.py'
    config.write_text(f"_base_ = ['{tiny_config}']\n"
                      "custom_imports = dict(imports=['nan_plugins'], allow_failed_imports=False)\n"
                      "default_hooks = dict(checkpoint=dict(interval=1, max_keep_ckpts=9))\n"
                      "train_cfg = dict(max_iters=5)\n" + extra)
    return config


NAN_AT_3 = ("model = dict(losses=dict(nan_probe=dict(type='NanAtIterationLoss', iteration=3, "
            "inputs=dict(pred='fake_B'))))\n")


def _run(run_tool, config, work, *extra):
    result = run_tool('train.py', config, '--work-dir', work, *extra,
                      env={'PYTHONPATH': f'{config.parent}:{REPO}'})
    return result, result.stdout + result.stderr


def _weights(work, iteration, net):
    """The parameters of ``net`` (not batch-norm statistics, which every forward pass updates)."""
    state = torch.load(work / f'iter_{iteration}.pth', weights_only=True)['state_dict']
    return {k: v for k, v in state.items() if k.startswith(f'{net}.')
            and not k.endswith(('running_mean', 'running_var', 'num_batches_tracked'))}


def _same(first, second):
    return all(torch.equal(first[k], second[k]) for k in first)


def test_skip_policy_leaves_the_weights_untouched_by_the_nan_step_and_trains_on(
        run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    result, log = _run(run_tool, _configured(tiny_config, tmp_path, NAN_AT_3), work)
    assert result.returncode == 0, log[-3000:]

    assert ('non-finite loss at iteration 3: loss_nan_probe = nan; the update of the nets these '
            f'losses train was skipped (last good checkpoint: {work}/iter_2.pth); 1 such') in log
    assert _same(_weights(work, 2, 'G'), _weights(work, 3, 'G'))  # the NaN G step was skipped
    assert not _same(_weights(work, 2, 'D'), _weights(work, 3, 'D'))  # D's finite step was not
    assert not _same(_weights(work, 3, 'G'), _weights(work, 4, 'G'))  # and training went on
    final = torch.load(work / 'iter_5.pth', weights_only=True)
    assert all(torch.isfinite(v).all() for v in final['state_dict'].values())
    assert final['message_hub']['runtime_info']['nonfinite_loss_iters'] == 1


def test_stop_policy_saves_the_last_good_weights_and_stops_naming_them(
        run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    config = _configured(tiny_config, tmp_path, NAN_AT_3)
    result, log = _run(run_tool, config, work,
                       '--cfg-options', 'default_hooks.nonfinite_loss.policy=stop')
    assert result.returncode == 1, log[-3000:]

    message, resume = result.stderr.strip().splitlines()[-2:]
    assert message == ('non-finite loss at iteration 3: loss_nan_probe = nan; the update of the '
                       "nets these losses train was skipped. Stopped (policy 'stop'): the last "
                       f'good weights are in {work}/iter_3.pth')
    assert resume.startswith('Resume with: ') and 'Traceback' not in log
    assert _same(_weights(work, 2, 'G'), _weights(work, 3, 'G'))
    assert not (work / 'iter_4.pth').exists()


def test_weights_that_are_not_finite_are_never_saved(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    config = _configured(tiny_config, tmp_path,
                         "custom_hooks = [dict(type='SpoilWeightsHook', iteration=3)]\n")
    result, log = _run(run_tool, config, work)
    assert result.returncode == 1, log[-3000:]

    assert result.stderr.strip().splitlines()[-2] == (
        'the weights are not finite after iteration 3 (G.model.model.0.weight), so they were not '
        f'saved. The last good checkpoint is {work}/iter_2.pth: resume from it with a lower '
        'learning rate.')
    assert not (work / 'iter_3.pth').exists()
    assert (work / 'last_checkpoint').read_text() == str(work / 'iter_2.pth')
