"""A live progress bar for training: iterations, elapsed time, ETA and the latest losses."""
import logging
import sys

from mmengine.dist import master_only
from mmengine.hooks import Hook
from mmengine.logging import MMLogger
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)

from i2itools.registry import HOOKS


@HOOKS.register_module()
class RichProgressBarHook(Hook):
    """Shows a rich progress bar while training, on the main process of a terminal session.

    Args:
        loss_digits: decimals shown for each loss.

    Log lines printed meanwhile (mmengine's logger) scroll above the bar. Without a terminal
    (CI, redirected output) rich prints the final state of the bar once at the end and the
    periodic log lines of ``LoggerHook`` carry the progress.
    """

    priority = 'VERY_LOW'

    def __init__(self, loss_digits=3):
        self.loss_digits = loss_digits
        self.progress = None
        self._streams = {}

    @master_only
    def before_train(self, runner):
        self.progress = Progress(
            TextColumn('[bold blue]train'), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn('eta'), TimeRemainingColumn(),
            TextColumn('{task.fields[losses]}'),
            console=Console(), redirect_stdout=True, redirect_stderr=True)
        self.progress.start()
        self.task = self.progress.add_task('train', total=runner.max_iters,
                                           completed=runner.iter, losses='')
        self._route_log_handlers(sys.stdout)

    @master_only
    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        losses = '  '.join(f'{key.removeprefix("loss_")} {float(value):.{self.loss_digits}f}'
                           for key, value in (outputs or {}).items())
        self.progress.update(self.task, completed=runner.iter + 1, losses=losses)

    @master_only
    def after_train(self, runner):
        self.progress.stop()
        for handler, stream in self._streams.items():
            handler.setStream(stream)
        self._streams = {}

    def _route_log_handlers(self, target):
        # mmengine's console handler holds the stream it was created with, which would bypass
        # rich's redirection and tear the bar; point it at the redirected stream meanwhile.
        for handler in MMLogger.get_current_instance().handlers:
            if type(handler) is logging.StreamHandler and handler.stream in (sys.__stdout__, sys.__stderr__):
                self._streams[handler] = handler.setStream(target)
