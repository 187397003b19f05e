"""Mean absolute error, the reconstruction term of pix2pix, CycleGAN and BicycleGAN."""
import torch.nn.functional as F

from i2itools.registry import MODELS
from .pixel_loss import PixelLoss


@MODELS.register_module()
class L1Loss(PixelLoss):
    """``loss_weight * mean(|pred - target|)``."""

    criterion = staticmethod(F.l1_loss)
