"""WGAN-GP gradient penalty (Gulrajani et al.), as in the reference `cal_gradient_penalty`."""
import torch
from torch import nn

from i2itools.registry import MODELS

PENALTY_MODES = ('mixed', 'real', 'fake')


@MODELS.register_module()
class GradientPenalty(nn.Module):
    """Penalty ``loss_weight * mean((||grad D(x)|| - constant)^2)`` on interpolates of real and fake.

    Args:
        loss_weight: the penalty's lambda (10 in the reference).
        constant: the target gradient norm.
        mode: 'mixed' (random interpolates), 'real' or 'fake' (penalise at the samples).
    """

    def __init__(self, loss_weight=10.0, constant=1.0, mode='mixed'):
        super().__init__()
        if mode not in PENALTY_MODES:
            raise ValueError(f"GradientPenalty: unknown mode '{mode}'; choose one of {PENALTY_MODES}")
        self.loss_weight = loss_weight
        self.constant = constant
        self.mode = mode

    def forward(self, discriminator, real, fake):
        """Penalty for ``discriminator`` between detached ``real`` and ``fake`` batches."""
        if self.mode == 'real':
            points = real.detach()
        elif self.mode == 'fake':
            points = fake.detach()
        else:
            alpha = torch.rand(real.shape[0], 1, 1, 1, device=real.device, dtype=real.dtype)
            points = alpha * real.detach() + (1 - alpha) * fake.detach()
        points.requires_grad_(True)
        prediction = discriminator(points)
        outputs = prediction if isinstance(prediction, (list, tuple)) else [prediction]
        grads = torch.autograd.grad(outputs=[o.float().sum() for o in outputs], inputs=points,
                                    create_graph=True, retain_graph=True)[0]
        norms = (grads.reshape(grads.shape[0], -1) + 1e-16).norm(2, dim=1)
        return ((norms - self.constant) ** 2).mean() * self.loss_weight
