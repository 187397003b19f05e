"""One discriminator judging one kind of fake, and the matching objective for the generators."""
import torch
from torch import nn

from i2itools.registry import MODELS


class AdversarialTerm(nn.Module):
    """The D loss ``d_weight * (GAN(D(real), 1) + GAN(D(fake), 0))`` and the G loss ``GAN(D(fake), 1)``.

    Args:
        discriminator: name of the discriminator net.
        fake: name of the generated tensor D must reject.
        real: name of the real tensor D must accept.
        condition: name of a tensor concatenated (on channels) before both, for a conditional D
            such as pix2pix's D(A, B); None for an unconditional D.
        real_condition: condition of the real images when it differs from the fakes' (BicycleGAN
            shows D2 real pairs from the second half of the batch); defaults to ``condition``.
        gan_loss: config of the GAN loss; its ``loss_weight`` weighs the generator side.
        d_weight: scale of the D loss: 0.5 (average of real and fake) in pix2pix and CycleGAN,
            1.0 (their sum) in BicycleGAN.
        pool: config of an image pool the fakes pass through before D (CycleGAN), or None.
        gradient_penalty: config of a gradient penalty added to the D loss (wgangp), or None.
    """

    def __init__(self, discriminator, fake, real, condition=None, real_condition=None,
                 gan_loss=dict(type='GANLoss', gan_mode='lsgan'), d_weight=0.5, pool=None,
                 gradient_penalty=None):
        super().__init__()
        self.discriminator = discriminator
        self.fake = fake
        self.real = real
        self.condition = condition
        self.real_condition = real_condition or condition
        self.gan_loss = MODELS.build(gan_loss)
        self.d_weight = d_weight
        self.pool = MODELS.build(pool) if pool else None
        self.gradient_penalty = MODELS.build(gradient_penalty) if gradient_penalty else None
        #: ``dict(real=..., fake=...)``: the share of D's decisions that were right in its last
        #: step, 0-dim tensors (None for a critic without a decision threshold), read by the
        #: training health check
        self.latest_accuracy = None

    @property
    def requires(self):
        """Names of the tensors this term reads."""
        names = (self.fake, self.real, self.condition, self.real_condition)
        return tuple(n for n in names if n is not None)

    def discriminator_losses(self, discriminator, tensors, prefix):
        """Named D losses on detached fakes (through the pool, if any) and real images."""
        fake = self._pair(tensors, self.condition, tensors[self.fake].detach())
        if self.pool is not None:
            fake = self.pool(fake)
        real = self._pair(tensors, self.real_condition, tensors[self.real])
        on_fake, on_real = discriminator(fake), discriminator(real)
        losses = {
            f'{prefix}_fake': self.d_weight * self.gan_loss(on_fake, False),
            f'{prefix}_real': self.d_weight * self.gan_loss(on_real, True),
        }
        judge = getattr(self.gan_loss, 'accuracy', lambda prediction, real: None)
        accuracy = judge(on_real, True), judge(on_fake, False)
        self.latest_accuracy = (None if any(a is None for a in accuracy)
                                else dict(real=accuracy[0], fake=accuracy[1]))
        if self.gradient_penalty is not None:
            losses[f'{prefix}_gp'] = self.gradient_penalty(discriminator, real, fake)
        return losses

    def generator_loss(self, discriminator, tensors):
        """Weighted loss that pushes D to accept the fakes."""
        fake = self._pair(tensors, self.condition, tensors[self.fake])
        return self.gan_loss(discriminator(fake), True, for_discriminator=False)

    @staticmethod
    def _pair(tensors, condition, images):
        if condition is None:
            return images
        return torch.cat([tensors[condition], images], dim=1)
