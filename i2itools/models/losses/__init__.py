"""Registered losses: adversarial, gradient penalty, pixel and contrastive (PatchNCE) losses."""
from .gan_loss import GANLoss
from .gradient_penalty import GradientPenalty
from .kl_divergence_loss import KLDivergenceLoss
from .l1_loss import L1Loss
from .mse_loss import MSELoss
from .patch_nce_loss import PatchNCELoss, patch_nce

__all__ = ['GANLoss', 'GradientPenalty', 'KLDivergenceLoss', 'L1Loss', 'MSELoss', 'PatchNCELoss',
           'patch_nce']
