"""The reference 'linear' learning-rate policy: constant, then linear decay towards zero."""
import math

from mmengine.optim.scheduler.param_scheduler import INF, _ParamScheduler

from i2itools.registry import PARAM_SCHEDULERS

STEP_POINTS = ('start', 'end')


@PARAM_SCHEDULERS.register_module()
class LinearDecayLR(_ParamScheduler):
    """lr = initial_lr * factor(e), with e the (reference) epoch of the current iteration.

    ``factor(e) = 1 - max(0, e + shift + 1 - n_const) / (n_decay + 1)``: the reference's
    ``lambda_rule`` with ``epoch_count=1``, where the schedule spans ``end - begin`` iterations,
    ``iters_per_epoch`` iterations make one epoch, the first ``decay_start`` fraction of the epochs
    keeps the initial lr (``n_const``) and the rest (``n_decay``) decays.

    Args:
        optimizer: the wrapped optimizer.
        decay_start: fraction of the schedule run at the constant lr (0.5: the reference's
            ``n_epochs == n_epochs_decay``).
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

    def __init__(self, optimizer, decay_start=0.5, iters_per_epoch=1, step_at='start', begin=0,
                 end=INF, last_step=-1, by_epoch=False, verbose=False):
        if by_epoch:
            raise ValueError('LinearDecayLR counts iterations: set by_epoch=False and express '
                             'reference epochs with iters_per_epoch')
        if end == INF:
            raise ValueError('LinearDecayLR needs a finite end (the runner sets it to '
                             'train_cfg.max_iters when the config leaves it out)')
        if step_at not in STEP_POINTS:
            raise ValueError(f'LinearDecayLR: step_at must be one of {STEP_POINTS}, got {step_at!r}')
        if not 0 <= decay_start <= 1:
            raise ValueError(f'LinearDecayLR: decay_start is a fraction in [0, 1], got {decay_start}')
        self.iters_per_epoch = iters_per_epoch
        self.shift = 1 if step_at == 'start' else 0
        num_epochs = math.ceil((end - begin) / iters_per_epoch)
        self.n_const = round(num_epochs * decay_start)
        self.n_decay = num_epochs - self.n_const
        super().__init__(optimizer, 'lr', begin=begin, end=end, last_step=last_step,
                         by_epoch=False, verbose=verbose)

    def factor(self, step):
        """The lr multiplier at iteration ``step`` counted from ``begin``."""
        epoch = step // self.iters_per_epoch
        return 1.0 - max(0, epoch + self.shift + 1 - self.n_const) / (self.n_decay + 1)

    def _get_value(self):
        return [base * self.factor(self.last_step) for base in self.base_values]
