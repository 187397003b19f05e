"""Registered losses: adversarial, gradient penalty and pixel losses."""
from .gan_loss import GANLoss
from .gradient_penalty import GradientPenalty
from .kl_divergence_loss import KLDivergenceLoss
from .l1_loss import L1Loss
from .mse_loss import MSELoss

__all__ = ['GANLoss', 'GradientPenalty', 'KLDivergenceLoss', 'L1Loss', 'MSELoss']
