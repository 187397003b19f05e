"""Adversarial objective of the reference repos (vanilla, lsgan, wgangp) plus hinge."""
import torch
import torch.nn.functional as F
from torch import nn

from i2itools.registry import MODELS

GAN_MODES = ('vanilla', 'lsgan', 'wgangp', 'hinge')


@MODELS.register_module()
class GANLoss(nn.Module):
    """Loss of a discriminator's prediction against the real or fake label.

    Args:
        gan_mode: 'vanilla' (BCE with logits, pix2pix), 'lsgan' (MSE, CycleGAN and BicycleGAN),
            'wgangp' (-mean for real, +mean for fake) or 'hinge'.
        loss_weight: factor applied to the generator-side loss (the paper's lambda_GAN).
        real_label: target value for real predictions (vanilla / lsgan).
        fake_label: target value for fake predictions (vanilla / lsgan).

    A multi-scale discriminator returns a list of predictions; their losses are summed.
    """

    def __init__(self, gan_mode='lsgan', loss_weight=1.0, real_label=1.0, fake_label=0.0):
        super().__init__()
        if gan_mode not in GAN_MODES:
            raise ValueError(f"GANLoss: unknown gan_mode '{gan_mode}'; choose one of {GAN_MODES}")
        self.gan_mode = gan_mode
        self.loss_weight = loss_weight
        self.real_label = real_label
        self.fake_label = fake_label

    def forward(self, prediction, target_is_real, for_discriminator=True):
        """Unweighted loss for a discriminator update, weighted by ``loss_weight`` otherwise."""
        if isinstance(prediction, (list, tuple)):
            loss = sum(self._single(p, target_is_real, for_discriminator) for p in prediction)
        else:
            loss = self._single(prediction, target_is_real, for_discriminator)
        return loss if for_discriminator else loss * self.loss_weight

    @torch.no_grad()
    def accuracy(self, prediction, target_is_real):
        """The share of D's decisions (patches, over all scales) on the side of the true label,
        as a 0-dim tensor: above the midpoint between the labels (vanilla: a logit above 0;
        hinge: above 0) for real, below it for fake. None for wgangp, whose critic has no such
        threshold."""
        if self.gan_mode == 'wgangp':
            return None
        threshold = (0.0 if self.gan_mode in ('vanilla', 'hinge')
                     else (self.real_label + self.fake_label) / 2)
        predictions = prediction if isinstance(prediction, (list, tuple)) else [prediction]
        right = sum(((p.float() > threshold) == target_is_real).sum() for p in predictions)
        return right / sum(p.numel() for p in predictions)

    def _single(self, prediction, target_is_real, for_discriminator):
        prediction = prediction.float()
        if self.gan_mode in ('vanilla', 'lsgan'):
            value = self.real_label if target_is_real else self.fake_label
            target = torch.full_like(prediction, value)
            if self.gan_mode == 'vanilla':
                return F.binary_cross_entropy_with_logits(prediction, target)
            return F.mse_loss(prediction, target)
        if self.gan_mode == 'hinge' and for_discriminator:
            margin = 1 - prediction if target_is_real else 1 + prediction
            return F.relu(margin).mean()
        return -prediction.mean() if target_is_real else prediction.mean()
