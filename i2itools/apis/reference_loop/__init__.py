"""A plain PyTorch loop written like the reference repositories' ``train.py`` and
``optimize_parameters``, over i2itools' networks, losses and datasets: to check that a config
trained with i2itools learns what the reference code learns (docs/results.md)."""
from .families import iterations_per_epoch, reference_steps
from .schedule import linear_rule, reference_schedulers
from .training import train_reference_loop

__all__ = ['iterations_per_epoch', 'linear_rule', 'reference_schedulers', 'reference_steps',
           'train_reference_loop']
