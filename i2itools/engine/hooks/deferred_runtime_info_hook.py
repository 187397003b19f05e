"""mmengine's runtime-info hook, reading the losses from the device only when they are needed."""
import torch
from mmengine.hooks import CheckpointHook, LoggerHook, RuntimeInfoHook
from mmengine.utils import apply_to

from i2itools.registry import HOOKS


@HOOKS.register_module()
class DeferredRuntimeInfoHook(RuntimeInfoHook):
    """``RuntimeInfoHook`` that keeps each iteration's losses on the device until a reader needs
    them, then reads them all in one transfer.

    mmengine's hook turns every loss into a Python float after every iteration, which waits for
    the device to finish the step (a host synchronisation per iteration on a GPU). Here the
    values go to the message hub, unchanged and in order, at the iterations where something
    reads them: the run's first iteration (the progress bar shows losses at once, and a loss
    that is non-finite from the start is caught there), the logger's interval (or
    ``interval``), the end of an epoch, a checkpoint, the last iteration, a stop, a
    validation, the end of training. Then hooks with an
    ``after_losses_read(runner, losses)`` method get ``losses``: a list of
    ``(iteration, {name: float})`` for the iterations just read (``NonFiniteLossHook``,
    ``RichProgressBarHook``).

    Args:
        interval: read every ``interval`` iterations; None: at the ``LoggerHook``'s interval.
    """

    def __init__(self, interval=None):
        self.interval = interval
        self._pending = []
        self._checkpoint_hooks = []
        self._first_iteration = None

    def before_train(self, runner):
        super().before_train(runner)
        self._first_iteration = runner.iter + 1  # of this run: after a resume, not 1
        if self.interval is None:
            loggers = [hook.interval for hook in runner.hooks if isinstance(hook, LoggerHook)]
            self.interval = loggers[0] if loggers else 1
        self._checkpoint_hooks = [hook for hook in runner.hooks
                                  if isinstance(hook, CheckpointHook) and not hook.by_epoch]

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if outputs is not None:
            self._pending.append((runner.iter + 1, dict(outputs)))
        if self._read_due(runner, batch_idx):
            self.read_losses(runner)

    def _read_due(self, runner, batch_idx):
        done = runner.iter + 1
        return (done % self.interval == 0 or done == self._first_iteration
                or done >= runner.max_iters
                or self.end_of_epoch(runner.train_dataloader, batch_idx)
                or getattr(runner.train_loop, 'stop_training', False)
                or any(hook.every_n_train_iters(runner, hook.interval, hook.save_begin)
                       for hook in self._checkpoint_hooks))

    def read_losses(self, runner):
        """Move the pending losses to the message hub (one device-to-host transfer) and hand
        them to the hooks that check them."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        tensors = [value for _, row in pending for value in row.values() if torch.is_tensor(value)]
        floats = iter(torch.stack([t.detach().float().reshape(()) for t in tensors]).tolist()
                      if tensors else [])
        losses = [(iteration, {key: next(floats) if torch.is_tensor(value) else value
                               for key, value in row.items()}) for iteration, row in pending]
        for _, row in losses:
            for key, value in row.items():
                runner.message_hub.update_scalar(f'train/{key}', value)
        runner.call_hook('after_losses_read', losses=losses)

    def before_save_checkpoint(self, runner, checkpoint):
        # the runner took the message hub's state before this call: take it again, complete
        if self._pending:
            self.read_losses(runner)
            checkpoint['message_hub'] = apply_to(runner.message_hub.state_dict(),
                                                 lambda x: hasattr(x, 'cpu'), lambda x: x.cpu())

    def before_val(self, runner):
        self.read_losses(runner)
        super().before_val(runner)

    def after_train(self, runner):
        self.read_losses(runner)
        super().after_train(runner)
