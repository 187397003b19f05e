"""Training progress: iterations, elapsed time, ETA and the latest losses; validation's own bar."""
import logging
import sys
import time

from mmengine.dist import master_only
from mmengine.hooks import Hook
from mmengine.logging import MMLogger
from rich.console import Console
from rich.progress import Progress, TextColumn

from i2itools.registry import HOOKS
from i2itools.utils.progress import bar_columns, progress_line

#: without a terminal, how many lines a validation prints
VAL_PLAIN_LINES = 4


@HOOKS.register_module()
class RichProgressBarHook(Hook):
    """A live rich progress bar in a terminal; plain progress lines elsewhere (CI, log files).

    The losses shown are the latest that ``DeferredRuntimeInfoHook`` read from the device (at
    the first iteration and the logger's interval): reading them after every iteration would
    make the step wait. Losses of an earlier iteration than the one shown say which
    (``iter 500: GAN_G 0.812 ...``).

    Args:
        loss_digits: decimals shown for each loss.
        plain_lines: without a terminal, how many progress lines to print over the run.

    Each validation shows its own bar (or ``VAL_PLAIN_LINES`` plain lines) with an ETA under
    the training bar, which waits meanwhile. Only the main process shows progress. mmengine's
    log lines scroll above the live bars.
    """

    priority = 'VERY_LOW'

    def __init__(self, loss_digits=3, plain_lines=20):
        self.loss_digits = loss_digits
        self.plain_lines = plain_lines
        self.progress = None
        self._streams = {}
        self._losses, self._losses_iteration = '', None

    @master_only
    def before_train(self, runner):
        self._start_iter, self._start_time = runner.iter, time.monotonic()
        console = Console()
        if not console.is_terminal:
            return
        self.progress = Progress(*bar_columns(), TextColumn('{task.fields[losses]}'),
                                 console=console, redirect_stdout=True, redirect_stderr=True)
        self.progress.start()
        self.task = self.progress.add_task('train', total=runner.max_iters,
                                           completed=runner.iter, losses='')
        self._route_log_handlers(sys.stdout)

    def after_losses_read(self, runner, losses):
        """The latest losses read from the device (DeferredRuntimeInfoHook), shown from now on."""
        self._losses_iteration, latest = losses[-1]
        self._losses = '  '.join(f'{key.removeprefix("loss_")} {value:.{self.loss_digits}f}'
                                 for key, value in latest.items())

    @master_only
    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        done = runner.iter + 1
        losses = self._losses_of(done)
        if self.progress is not None:
            self.progress.update(self.task, completed=done, losses=losses)
        elif done % max(1, runner.max_iters // self.plain_lines) == 0 or done == runner.max_iters:
            runner.logger.info(progress_line('progress', done, runner.max_iters,
                                             time.monotonic() - self._start_time, losses,
                                             start=self._start_iter))

    def _losses_of(self, done):
        """The latest losses, with their iteration when that is not ``done``."""
        if not self._losses or self._losses_iteration == done:
            return self._losses
        return f'iter {self._losses_iteration}: {self._losses}'

    @master_only
    def before_val_epoch(self, runner):
        self._val_total = len(runner.val_loop.dataloader)
        self._val_start, self._val_done = time.monotonic(), 0
        if self.progress is not None:
            self.val_task = self.progress.add_task('validation', total=self._val_total, losses='')

    @master_only
    def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self._val_done += 1
        if self.progress is not None:
            self.progress.update(self.val_task, completed=self._val_done)
            return
        every = max(1, self._val_total // VAL_PLAIN_LINES)
        if self._val_done % every == 0 or self._val_done == self._val_total:
            runner.logger.info(progress_line('validation', self._val_done, self._val_total,
                                             time.monotonic() - self._val_start))

    @master_only
    def after_val_epoch(self, runner, metrics=None):
        if self.progress is not None:
            self.progress.remove_task(self.val_task)

    @master_only
    def after_train(self, runner):
        if self.progress is None:
            return
        self.progress.stop()
        for handler, stream in self._streams.items():
            handler.setStream(stream)
        self._streams = {}

    def _route_log_handlers(self, target):
        # mmengine's console handler holds the stream it was created with, which would bypass
        # rich's redirection and tear the bar; point it at the redirected stream meanwhile.
        for handler in MMLogger.get_current_instance().handlers:
            if type(handler) is logging.StreamHandler and handler.stream in (sys.__stdout__,
                                                                             sys.__stderr__):
                self._streams[handler] = handler.setStream(target)
