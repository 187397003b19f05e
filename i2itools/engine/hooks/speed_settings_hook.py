"""Puts the fast path's model settings into effect, logs how the run computes, and warns when
the process has more threads than the cores other processes leave it."""
import logging
import time

import torch
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper

from i2itools.engine.cpu_capabilities import (cpu_model, free_cores, load_average,
                                               native_bfloat16, usable_cores)
from i2itools.engine.fast_path import describe_fast_path
from i2itools.registry import HOOKS


@HOOKS.register_module()
class SpeedSettingsHook(Hook):
    """When training starts: apply the fast path's settings to the nets (``cfg.fast``, as
    resolved by ``tools/train.py --fast``) and log them; on a CPU log its model, native bfloat16
    support, the intra-op threads and the free cores, and warn when the threads outnumber the
    free cores. ``check_after`` seconds later (when the 1-minute load average has caught up
    with runs started at the same time) warn once more if the cores are oversubscribed: a
    load average at least one above the cores, with more than one thread of ours.

    Args:
        check_after: seconds of training before the second check (0: no second check).
    """

    priority = 'VERY_HIGH'

    def __init__(self, check_after=90):
        self.check_after = check_after
        self._check_at = None

    def before_train(self, runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        device = next(model.parameters()).device.type
        fast = runner.cfg.get('fast')
        if fast and not isinstance(fast, dict):
            raise ValueError('fast=True must be resolved for the device before the Runner is '
                             'built: tools/train.py does it (i2itools.engine.fast_path.'
                             'apply_fast_path)')
        if fast:
            if fast['matmul_convolutions']:
                model.use_matmul_convolutions()
            print_log(describe_fast_path(fast, device), logger='current')
        if device != 'cpu':
            return
        threads, free = torch.get_num_threads(), free_cores()
        print_log(f'CPU: {cpu_model()}, native bfloat16: {native_bfloat16() or "none"}; '
                  f'{threads} intra-op threads, about {free} of {usable_cores()} cores free',
                  logger='current')
        if threads > max(free, 1):
            _warn(f'{threads} intra-op threads but only about {free} free cores (1-minute load '
                  'average)')
        elif self.check_after and threads > 1:
            self._check_at = time.monotonic() + self.check_after

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if self._check_at is None or time.monotonic() < self._check_at:
            return
        self._check_at = None
        load, cores = load_average(), usable_cores()
        if load >= cores + 1:
            _warn(f'the 1-minute load average is {load:.1f} on {cores} cores while this run uses '
                  f'{torch.get_num_threads()} intra-op threads')


def _warn(what):
    print_log(f'{what}. Threads that wait for cores slow training down many times; give each '
              'run its share: --threads N (or threads = N in the config), N = cores / runs',
              logger='current', level=logging.WARNING)
