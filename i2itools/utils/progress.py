"""Progress of a counted job (test images, translated files, validation batches): a live bar
with an ETA on a terminal, a few plain lines with an ETA elsewhere (CI, a pipe, ``nohup``)."""
import datetime
import sys
import time

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)


def duration(seconds):
    """``0:01:05`` for 65 seconds; ``?`` when unknown."""
    return '?' if seconds is None else str(datetime.timedelta(seconds=round(seconds)))


def progress_line(label, done, total, elapsed, extra='', start=0):
    """``label 5/20 (25%)  elapsed 0:00:03  eta 0:00:09  extra``: one plain progress line; the
    ETA extrapolates the ``done - start`` items of the ``elapsed`` seconds (a resumed run
    starts at ``start``)."""
    rate = elapsed / (done - start) if done > start else None
    eta = None if rate is None else rate * (total - done)
    percent = 100 * done // total if total else 100
    return (f'{label} {done}/{total} ({percent}%)  elapsed {duration(elapsed)}  '
            f'eta {duration(eta)}  {extra}').rstrip()


def bar_columns():
    """The columns of every live bar: the task's name, bar, count, elapsed time, ETA."""
    return (TextColumn('[bold blue]{task.description}'), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn('eta'), TimeRemainingColumn())


class TaskProgress:
    """``with TaskProgress('test', 100) as progress: ... progress.advance()``.

    On a terminal (of ``stream``, stderr by default, so that stdout keeps only results) a live
    bar that disappears when done; elsewhere ``plain_lines`` lines spread over the job, each
    with the count, the elapsed time and the ETA.
    """

    def __init__(self, label, total, plain_lines=10, stream=None):
        self.label, self.total = label, total
        self.stream = stream or sys.stderr
        self.every = max(1, total // max(1, plain_lines))
        self.done = 0
        self._bar = None

    def __enter__(self):
        self._start = time.monotonic()
        console = Console(file=self.stream)
        if console.is_terminal:
            self._bar = Progress(*bar_columns(), console=console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        return self

    def advance(self, count=1):
        """Count ``count`` more items done."""
        before, self.done = self.done, self.done + count
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)
        elif before // self.every != self.done // self.every or self.done == self.total:
            line = progress_line(self.label, self.done, self.total, time.monotonic() - self._start)
            print(line, file=self.stream, flush=True)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.stop()
        return False
