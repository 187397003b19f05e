"""The reference 'linear' learning-rate policy: constant, then linear decay towards zero."""
import logging
import math

from mmengine.logging import print_log
from mmengine.optim.scheduler.param_scheduler import INF, _ParamScheduler

from i2itools.registry import PARAM_SCHEDULERS

STEP_POINTS = ('start', 'end')


@PARAM_SCHEDULERS.register_module()
class LinearDecayLR(_ParamScheduler):
    """lr = initial_lr * factor(e), with e the (reference) epoch of the current iteration.

    ``factor(e) = 1 - max(0, e + shift + 1 - n_const) / (n_decay + 1)``: the reference's
    ``lambda_rule`` with ``epoch_count=1``, where the schedule spans ``end - begin`` iterations,
    ``iters_per_epoch`` iterations make one epoch, and ``n_const`` epochs keep the initial lr while
    the ``n_decay`` after them decay: either the reference's ``n_epochs`` and ``n_epochs_decay``
    as given, or the first ``decay_start`` fraction of the run's epochs and the rest.

    A schedule that leaves the run no epoch at the initial lr, or trains at lr 0 from the start
    (a short test run of a config counted in long epochs), is said in the log.

    Args:
        optimizer: the wrapped optimizer.
        decay_start: fraction of the schedule run at the constant lr (default 0.5: the
            reference's ``n_epochs == n_epochs_decay``). Not with ``n_epochs``.
        n_epochs, n_epochs_decay: the reference's epoch counts, also uneven ones (e.g. 150 and
            50 for FastCUT); the run may stop early, not run past their sum.
        iters_per_epoch: iterations per epoch (mmengine reserves the name ``epoch_length``).
            1 (default) decays every iteration; the dataset size over the batch size
            reproduces the reference's per-epoch staircase exactly.
        step_at: when the reference steps its scheduler: 'end' of an epoch (BicycleGAN,
            ``shift=0``) or 'start' (pytorch-CycleGAN-and-pix2pix, ``shift=1``: the first epoch
            already uses factor(1) and the last runs at lr 0).
        begin, end: iterations the schedule spans; ``end`` defaults to ``train_cfg.max_iters``
            when built by the runner with ``by_epoch=False``, so shortening a run keeps the shape.
        by_epoch: must stay False (the schedule counts iterations).
    """

    def __init__(self, optimizer, decay_start=None, iters_per_epoch=1, step_at='start',
                 n_epochs=None, n_epochs_decay=None, begin=0, end=INF, last_step=-1,
                 by_epoch=False, verbose=False):
        if by_epoch:
            raise ValueError('LinearDecayLR counts iterations: set by_epoch=False and express '
                             'reference epochs with iters_per_epoch')
        if end == INF:
            raise ValueError('LinearDecayLR needs a finite end (the runner sets it to '
                             'train_cfg.max_iters when the config leaves it out)')
        if step_at not in STEP_POINTS:
            raise ValueError(f'LinearDecayLR: step_at must be one of {STEP_POINTS}, got {step_at!r}')
        self.iters_per_epoch = iters_per_epoch
        self.shift = 1 if step_at == 'start' else 0
        num_epochs = math.ceil((end - begin) / iters_per_epoch)
        self.n_const, self.n_decay = _phases(num_epochs, decay_start, n_epochs, n_epochs_decay)
        super().__init__(optimizer, 'lr', begin=begin, end=end, last_step=last_step,
                         by_epoch=False, verbose=verbose)
        self._say_if_degenerate(end - begin)

    def _say_if_degenerate(self, num_iters):
        if self.factor(0) >= 1:
            return
        problem = ('trains at lr 0 from its first iteration' if self.factor(0) <= 0 else
                   'has no epoch at the initial lr: it decays from the first iteration')
        print_log(f'LinearDecayLR: this run of {num_iters} iterations spans '
                  f'{math.ceil(num_iters / self.iters_per_epoch)} epoch(s) of {self.iters_per_epoch} '
                  f'iterations and {problem}. For a short check of a config counted in long epochs, '
                  'also lower iters_per_epoch (e.g. --cfg-options '
                  'param_scheduler.0.iters_per_epoch=1)', logger='current', level=logging.WARNING)

    def factor(self, step):
        """The lr multiplier at iteration ``step`` counted from ``begin``."""
        epoch = step // self.iters_per_epoch
        return 1.0 - max(0, epoch + self.shift + 1 - self.n_const) / (self.n_decay + 1)

    def _get_value(self):
        return [base * self.factor(self.last_step) for base in self.base_values]


def _phases(num_epochs, decay_start, n_epochs, n_epochs_decay):
    """``(n_const, n_decay)``: epochs at the initial lr, then epochs of decay."""
    if (n_epochs is None) != (n_epochs_decay is None):
        raise ValueError('LinearDecayLR: give both n_epochs and n_epochs_decay (the reference '
                         '--n_epochs and --n_epochs_decay), or neither')
    if n_epochs is None:
        decay_start = 0.5 if decay_start is None else decay_start
        if not 0 <= decay_start <= 1:
            raise ValueError(f'LinearDecayLR: decay_start is a fraction in [0, 1], got {decay_start}')
        return round(num_epochs * decay_start), num_epochs - round(num_epochs * decay_start)
    if decay_start is not None:
        raise ValueError('LinearDecayLR: give decay_start or n_epochs and n_epochs_decay, not both')
    if min(n_epochs, n_epochs_decay) < 0 or not isinstance(n_epochs + n_epochs_decay, int):
        raise ValueError(f'LinearDecayLR: n_epochs and n_epochs_decay are counts of epochs, got '
                         f'{n_epochs} and {n_epochs_decay}')
    if num_epochs > n_epochs + n_epochs_decay:
        raise ValueError(f'LinearDecayLR: the run spans {num_epochs} epochs, more than n_epochs + '
                         f'n_epochs_decay = {n_epochs + n_epochs_decay}, past the end of the '
                         'decay; shorten train_cfg.max_iters or lengthen the schedule')
    return n_epochs, n_epochs_decay
