"""KL divergence of the encoder's Gaussian from N(0, I), the cVAE-GAN prior term."""
import torch
from torch import nn

from i2itools.registry import MODELS


@MODELS.register_module()
class KLDivergenceLoss(nn.Module):
    """``-0.5 * loss_weight * sum(1 + logvar - mu^2 - exp(logvar))``.

    Args:
        loss_weight: the paper's lambda_KL (0.01 in BicycleGAN).

    Summed over batch and code dimensions, not averaged, exactly as the reference.
    """

    symbol = 'KL'

    def __init__(self, loss_weight=0.01):
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, mu, logvar):
        mu, logvar = mu.float(), logvar.float()
        return torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) * (-0.5 * self.loss_weight)
