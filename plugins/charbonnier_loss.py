"""The Charbonnier penalty, a smooth L1: an example plugin that adds a loss in one file.

Use it from a config (see ``plugins/configs/bicycle_z8_all_charbonnier.py``)::

    custom_imports = dict(imports=['plugins.charbonnier_loss'], allow_failed_imports=False)
    model = dict(losses=dict(charbonnier=dict(type='CharbonnierLoss', loss_weight=10.0,
                                              inputs=dict(pred='fake_B_encoded', target='B_1'))))
"""
import torch

from i2itools.models.losses.pixel_loss import PixelLoss
from i2itools.registry import MODELS


@MODELS.register_module()
class CharbonnierLoss(PixelLoss):
    """``loss_weight * mean(sqrt((pred - target)^2 + eps^2))``: L1 away from 0, smooth at 0.

    Args:
        loss_weight (float): the weight of this term in the generator's loss.
        eps (float): where the penalty turns from quadratic to linear; as ``eps`` goes to 0 it
            becomes the L1 loss.
    """

    def __init__(self, loss_weight=1.0, eps=1e-3):
        super().__init__(loss_weight)
        self.eps = eps

    def criterion(self, pred, target):
        return torch.sqrt((pred - target) ** 2 + self.eps ** 2).mean()
