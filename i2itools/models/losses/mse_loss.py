"""Mean squared error, the L2 variant of the pix2pix objective ablation."""
import torch.nn.functional as F

from i2itools.registry import MODELS
from .pixel_loss import PixelLoss


@MODELS.register_module()
class MSELoss(PixelLoss):
    """``loss_weight * mean((pred - target)^2)``."""

    criterion = staticmethod(F.mse_loss)
