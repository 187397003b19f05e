"""Shared shape of the weighted per-pixel losses (L1, L2)."""
from torch import nn


class PixelLoss(nn.Module):
    """``loss_weight * criterion(pred, target)``, averaged over all elements like the reference.

    Args:
        loss_weight: the paper's lambda for this term (e.g. 100 for pix2pix L1).
    """

    criterion = None

    def __init__(self, loss_weight=1.0):
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, pred, target):
        return self.criterion(pred.float(), target.float()) * self.loss_weight
