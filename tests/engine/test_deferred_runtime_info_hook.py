"""The losses stay on the device until the run's first iteration, the logger or a checkpoint
needs them, and then reach the message hub unchanged, one value per iteration, as mmengine's
per-iteration reads put them."""
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner

from i2itools.engine.config_loading import load_config
from i2itools.registry import HOOKS


@HOOKS.register_module(force=True)
class LossSpyHook(Hook):
    """Keeps each iteration's losses (device copies, never read), the message hub's count of
    L1 values after each iteration, and which iterations every read delivered."""

    priority = 'LOWEST'
    outputs, hub_counts, reads = [], [], []

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        LossSpyHook.outputs.append({k: v.detach().clone() for k, v in outputs.items()})
        history = runner.message_hub.log_scalars.get('train/loss_L1')
        LossSpyHook.hub_counts.append(0 if history is None else len(history.data[0]))

    def after_losses_read(self, runner, losses):
        LossSpyHook.reads.append((runner.iter + 1, [iteration for iteration, _ in losses]))


def test_losses_are_read_at_the_first_log_and_checkpoint_iterations_only_and_arrive_unchanged(
        tiny_config, tmp_path):
    cfg = load_config(str(tiny_config), {
        'train_cfg.max_iters': 7, 'default_hooks.logger.interval': 3,
        'default_hooks.checkpoint.interval': 4, 'custom_hooks': [dict(type='LossSpyHook')]})
    cfg.work_dir = str(tmp_path / 'work')
    LossSpyHook.outputs, LossSpyHook.hub_counts, LossSpyHook.reads = [], [], []
    runner = Runner.from_cfg(cfg)
    runner.train()

    # read at the first iteration (1), the logger's interval (3, 6), the checkpoint (4) and the
    # last iteration (7)
    assert LossSpyHook.reads == [(1, [1]), (3, [2, 3]), (4, [4]), (6, [5, 6]), (7, [7])]
    assert LossSpyHook.hub_counts == [1, 1, 3, 4, 4, 6, 7]
    for key in LossSpyHook.outputs[0]:
        logged = runner.message_hub.get_scalar(f'train/{key}').data[0]
        expected = torch.stack([row[key] for row in LossSpyHook.outputs]).float().numpy()
        assert (logged == expected).all(), key
