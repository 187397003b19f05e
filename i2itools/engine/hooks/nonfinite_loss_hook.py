"""Reports iterations whose losses were NaN or infinite, and skips on or stops, as configured."""
import logging
import math

from mmengine.hooks import Hook
from mmengine.logging import print_log

from i2itools.engine.training_stopped import TrainingStopped
from i2itools.registry import HOOKS
from .deferred_runtime_info_hook import DeferredRuntimeInfoHook

POLICIES = ('skip', 'stop')
#: runtime-info key of the count, saved in checkpoints so that it survives a resume
COUNT_KEY = 'nonfinite_loss_iters'


@HOOKS.register_module()
class NonFiniteLossHook(Hook):
    """What to do after an iteration with a non-finite loss.

    The model never steps on such a loss: ``Translator`` skips the update of the nets whose
    losses (D or G) were not all finite, so the weights stay those of the last good step. This
    hook names the losses, the iteration and the last good checkpoint, and then

    - ``policy='skip'``: warns, counts the iteration (``nonfinite_loss_iters`` in the
      checkpoints' runtime info) and trains on;
    - ``policy='stop'``: stops training; :class:`SafeCheckpointHook` saves the weights (finite:
      every non-finite step was skipped) and the run ends with :class:`TrainingStopped` (exit
      status 1).

    The losses are checked when :class:`DeferredRuntimeInfoHook` reads them from the device (at
    the logger's interval and at every checkpoint), not after every iteration, so that the
    training step never waits for the device; 'stop' stops at that read.
    """

    priority = 'LOW'  # before SafeCheckpointHook (VERY_LOW), which saves when training stops

    def __init__(self, policy='skip'):
        if policy not in POLICIES:
            raise ValueError(f'NonFiniteLossHook policy must be one of {POLICIES}, got {policy!r}')
        self.policy = policy
        self._stop_message = None

    def before_train(self, runner):
        if not any(isinstance(hook, DeferredRuntimeInfoHook) for hook in runner.hooks):
            raise ValueError("NonFiniteLossHook checks the losses that DeferredRuntimeInfoHook "
                             "reads: set default_hooks.runtime_info=dict(type="
                             "'DeferredRuntimeInfoHook') (configs/_base_/default_runtime.py does)")

    def after_losses_read(self, runner, losses):
        for iteration, row in losses:
            bad = {key: value for key, value in row.items()
                   if 'loss' in key and not math.isfinite(value)}
            if bad:
                self._report(runner, iteration, bad)

    def _report(self, runner, iteration, bad):
        count = runner.message_hub.get_info(COUNT_KEY, 0) + 1
        runner.message_hub.update_info(COUNT_KEY, count)
        losses = ', '.join(f'{key} = {value}' for key, value in bad.items())
        message = (f'non-finite loss at iteration {iteration}: {losses}; the update of '
                   'the nets these losses train was skipped')
        if self.policy == 'skip':
            last_good = runner.message_hub.get_info('last_ckpt') or 'none yet'
            print_log(f'{message} (last good checkpoint: {last_good}); {count} such '
                      "iteration(s) so far. default_hooks.nonfinite_loss.policy='stop' stops "
                      'instead', logger='current', level=logging.WARNING)
            return
        runner.train_loop.stop_training = True
        if self._stop_message is None:
            self._stop_message = message

    def after_run(self, runner):
        if self._stop_message is not None:
            raise TrainingStopped(f"{self._stop_message}. Stopped (policy 'stop'): the last good "
                                  f"weights are in {runner.message_hub.get_info('last_ckpt')}")
