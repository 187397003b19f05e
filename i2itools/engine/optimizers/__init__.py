"""Optimizer-wrapper constructor and wrappers."""
from .mixed_precision_optim_wrapper import MixedPrecisionOptimWrapper
from .multi_net_constructor import MultiNetOptimWrapperConstructor, NetOptimWrapperDict
from .step_loss_scaler import StepLossScaler

__all__ = ['MixedPrecisionOptimWrapper', 'MultiNetOptimWrapperConstructor', 'NetOptimWrapperDict',
           'StepLossScaler']
