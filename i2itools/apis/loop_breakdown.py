"""Where a real training iteration's time goes: loading the data, the model's step, the hooks,
and logging, measured inside mmengine's Runner with the config's own data and hooks."""
import tempfile
import time
from collections import defaultdict

import torch
from mmengine.hooks import Hook, LoggerHook
from mmengine.runner import Runner

from i2itools.engine.hooks import DeferredRuntimeInfoHook

PARTS = ('data', 'step', 'hooks', 'logging')
#: hooks whose time counts as logging: the logger and the reads of the losses it prints
LOGGING_HOOKS = (LoggerHook, DeferredRuntimeInfoHook)


def benchmark_loop(cfg, warmup=20, iters=200):
    """Train ``cfg`` for ``warmup + iters + 1`` iterations in a temporary work dir, without
    validation, and return :meth:`LoopBreakdownHook.result` for the ``iters`` iterations after
    the warm-up (the last one, which writes the run's last files, is not timed)."""
    max_iters = warmup + iters + 1
    cfg.train_cfg.max_iters = max_iters
    cfg.train_cfg.val_begin = max_iters + 1
    cfg.default_hooks.checkpoint.save_last = False
    timer = LoopBreakdownHook(warmup, iters)
    with tempfile.TemporaryDirectory() as work_dir:
        cfg.work_dir = work_dir
        runner = Runner.from_cfg(cfg)
        runner.register_hook(timer)
        runner.train()
    return timer.result()


class LoopBreakdownHook(Hook):
    """Times the ``iters`` iterations after the first ``warmup``: the batch's loading, the
    model's train step, each hook's ``before_train_iter`` / ``after_train_iter``, and the whole
    iteration (from one batch request to the next). :meth:`result` gives the mean ms per
    iteration. On a GPU the device is synchronised at each boundary, in this mode only."""

    priority = 'HIGHEST'

    def __init__(self, warmup, iters):
        self.warmup, self.iters = warmup, iters
        self.totals = defaultdict(float)
        self.per_hook = defaultdict(float)
        self.started = 0  # iterations begun
        self._began_at = None
        self._model = None

    def before_train(self, runner):
        self._model = runner.model
        loop = runner.train_loop
        loop.dataloader_iterator = _TimedBatches(loop.dataloader_iterator, self)
        runner.model.train_step = self._timed('step', runner.model.train_step)
        for hook in runner.hooks:
            if hook is self:
                continue
            part = 'logging' if isinstance(hook, LOGGING_HOOKS) else 'hooks'
            for name in ('before_train_iter', 'after_train_iter'):
                setattr(hook, name, self._timed(part, getattr(hook, name), type(hook).__name__))

    def after_train(self, runner):
        self._end_iteration()

    def begin_iteration(self):
        """A batch is requested: the previous iteration has ended, the next one begins."""
        self._end_iteration()
        self.started += 1
        self._began_at = time.perf_counter()

    def add(self, part, seconds, hook=None):
        if self.warmup < self.started <= self.warmup + self.iters:
            self.totals[part] += seconds
            if hook is not None:
                self.per_hook[hook] += seconds

    def result(self):
        """ms per iteration of each part, of the whole iteration ('total') and of what is left
        ('loop': the train loop itself), the number of iterations timed, the 5 slowest hooks."""
        counted = max(1, min(self.started - self.warmup, self.iters))
        ms = {part: 1000 * self.totals[part] / counted for part in (*PARTS, 'total')}
        ms['loop'] = ms['total'] - sum(ms[part] for part in PARTS)
        slowest = sorted(self.per_hook.items(), key=lambda item: -item[1])[:5]
        return dict(ms=ms, iterations=counted,
                    slowest_hooks={name: 1000 * t / counted for name, t in slowest})

    def _end_iteration(self):
        if self._began_at is not None:
            self._synchronize()
            self.add('total', time.perf_counter() - self._began_at)
            self._began_at = None

    def _timed(self, part, method, hook=None):
        def timed(*args, **kwargs):
            self._synchronize()
            start = time.perf_counter()
            result = method(*args, **kwargs)
            self._synchronize()
            self.add(part, time.perf_counter() - start, hook)
            return result
        return timed

    def _synchronize(self):
        if torch.cuda.is_available() and next(self._model.parameters()).is_cuda:
            torch.cuda.synchronize()


class _TimedBatches:
    """The train loop's batch iterator, its ``next`` timed as ``data``."""

    def __init__(self, batches, hook):
        self.batches, self.hook = batches, hook

    def __getattr__(self, name):  # position(), seek(), ...: the loop's own iterator answers
        return getattr(self.batches, name)

    def __iter__(self):
        return self

    def __next__(self):
        self.hook.begin_iteration()
        start = time.perf_counter()
        batch = next(self.batches)
        self.hook.add('data', time.perf_counter() - start)
        return batch
