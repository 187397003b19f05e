"""Learning-rate schedules."""
from .linear_decay_lr import LinearDecayLR

__all__ = ['LinearDecayLR']
