"""SIGTERM / Ctrl-C: finish the iteration, save a checkpoint and stop; a second signal stops now."""
import os
import signal
import threading

import torch
from mmengine.dist import all_reduce, get_world_size
from mmengine.hooks import Hook

from i2itools.engine.training_stopped import TrainingStopped
from i2itools.registry import HOOKS


@HOOKS.register_module()
class PreemptionHook(Hook):
    """Turns a stop signal into a clean end of training that keeps every finished iteration.

    Args:
        signals: names of the signals handled (default SIGTERM, what schedulers and
            ``kill`` send before a job is killed, and SIGINT, Ctrl-C).

    On the first signal the current iteration runs to its end; the hook then sets
    ``train_loop.stop_training``, :class:`SafeCheckpointHook` saves that iteration, and the run
    ends by raising :class:`~i2itools.engine.training_stopped.TrainingStopped` (exit status 128
    + the signal number in ``tools/train.py``). A second signal raises ``KeyboardInterrupt`` at
    once. In a distributed run every rank stops after the same iteration.
    """

    priority = 'LOW'  # before SafeCheckpointHook (VERY_LOW), which saves when training stops

    def __init__(self, signals=('SIGTERM', 'SIGINT')):
        self.signals = [getattr(signal, name) for name in signals]
        self._received = None
        self._stopped_after = None
        self._previous_handlers = {}

    def before_train(self, runner):
        if threading.current_thread() is not threading.main_thread():
            return  # Python lets only the main thread install signal handlers
        for signum in self.signals:
            self._previous_handlers[signum] = signal.signal(signum, self._on_signal)

    def _on_signal(self, signum, frame):
        if self._received is not None:
            self._restore_handlers()
            raise KeyboardInterrupt(f'second {signal.Signals(signum).name}: stopped at once')
        self._received = signum
        # os.write, not print: a handler may run in the middle of another print
        os.write(2, (f'\n{signal.Signals(signum).name} received: finishing this iteration, then '
                     'saving a checkpoint (send it again to stop at once)\n').encode())

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if self._stop_requested():
            runner.train_loop.stop_training = True
            self._stopped_after = runner.iter + 1

    def _stop_requested(self):
        requested = self._received is not None
        if get_world_size() == 1:
            return requested
        flag = torch.tensor([int(requested)])
        all_reduce(flag, op='max')
        return bool(flag.item())

    def after_train(self, runner):
        self._restore_handlers()

    def _restore_handlers(self):
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, handler)
        self._previous_handlers = {}

    def after_run(self, runner):
        if self._stopped_after is None:
            return
        name = signal.Signals(self._received).name if self._received else 'a signal on another rank'
        raise TrainingStopped(
            f'training stopped by {name} after iteration {self._stopped_after}; saved '
            f"{runner.message_hub.get_info('last_ckpt')}",
            exit_code=128 + (self._received or signal.SIGTERM))
