"""pytorch-CycleGAN-and-pix2pix ``CycleGANModel.optimize_parameters``, over i2itools' nets."""
import itertools

import torch

from i2itools.models.image_pool import ImagePool
from .parts import loss_weight, require_parts, set_requires_grad


class CycleGANSteps:
    """Both cycles, the G_A + G_B step with the Ds frozen, then the D_A + D_B step (each D on
    real vs pooled fakes); one optimizer for both Gs, one for both Ds.

    ``make_optimizer(params)`` builds each optimizer (the reference's Adam).
    """

    step_lr_at = 'start'

    def __init__(self, model, make_optimizer):
        require_parts(model, 'CycleGAN', adversarial=('GAN_A', 'GAN_B'),
                      losses=('cycle_A', 'cycle_B', 'idt_A', 'idt_B'))
        self.netG_A, self.netG_B, self.netD_A, self.netD_B = (
            getattr(model, n) for n in ('G_A', 'G_B', 'D_A', 'D_B'))
        gan_A, gan_B = model.adversarial['GAN_A'], model.adversarial['GAN_B']
        self.criterionGAN = gan_A.gan_loss
        self.lambda_GAN = (gan_A.gan_loss.loss_weight, gan_B.gan_loss.loss_weight)
        self.weights = {n: loss_weight(model, n) for n in model.losses}
        self.criterionCycle = self.criterionIdt = torch.nn.L1Loss()
        # the reference pools: fake B images for D_A, fake A images for D_B
        self.fake_B_pool = ImagePool(gan_A.pool.pool_size if gan_A.pool else 0)
        self.fake_A_pool = ImagePool(gan_B.pool.pool_size if gan_B.pool else 0)
        self.optimizers = dict(
            G=make_optimizer(itertools.chain(self.netG_A.parameters(), self.netG_B.parameters())),
            D=make_optimizer(itertools.chain(self.netD_A.parameters(), self.netD_B.parameters())))

    def is_train(self, batch_size):
        return True

    def forward(self):
        self.fake_B = self.netG_A(self.real_A)
        self.rec_A = self.netG_B(self.fake_B)
        self.fake_A = self.netG_B(self.real_B)
        self.rec_B = self.netG_A(self.fake_A)

    def backward_D_basic(self, netD, real, fake):
        loss_D_real = self.criterionGAN(netD(real), True)
        loss_D_fake = self.criterionGAN(netD(fake.detach()), False)
        loss_D = (loss_D_real + loss_D_fake) * 0.5
        loss_D.backward()
        return loss_D

    def backward_G(self):
        w = self.weights
        self.idt_A = self.netG_A(self.real_B)
        self.loss_idt_A = self.criterionIdt(self.idt_A, self.real_B) * w['idt_A']
        self.idt_B = self.netG_B(self.real_A)
        self.loss_idt_B = self.criterionIdt(self.idt_B, self.real_A) * w['idt_B']
        self.loss_G_A = self.criterionGAN(self.netD_A(self.fake_B), True) * self.lambda_GAN[0]
        self.loss_G_B = self.criterionGAN(self.netD_B(self.fake_A), True) * self.lambda_GAN[1]
        self.loss_cycle_A = self.criterionCycle(self.rec_A, self.real_A) * w['cycle_A']
        self.loss_cycle_B = self.criterionCycle(self.rec_B, self.real_B) * w['cycle_B']
        self.loss_G = (self.loss_G_A + self.loss_G_B + self.loss_cycle_A + self.loss_cycle_B
                       + self.loss_idt_A + self.loss_idt_B)
        self.loss_G.backward()

    def optimize_parameters(self, real_A, real_B):
        self.real_A, self.real_B = real_A, real_B
        self.forward()
        set_requires_grad([self.netD_A, self.netD_B], False)
        self.optimizers['G'].zero_grad()
        self.backward_G()
        self.optimizers['G'].step()
        set_requires_grad([self.netD_A, self.netD_B], True)
        self.optimizers['D'].zero_grad()
        self.loss_D_A = self.backward_D_basic(self.netD_A, self.real_B,
                                              self.fake_B_pool(self.fake_B))
        self.loss_D_B = self.backward_D_basic(self.netD_B, self.real_A,
                                              self.fake_A_pool(self.fake_A))
        self.optimizers['D'].step()
        return dict(G_A=self.loss_G_A, G_B=self.loss_G_B, cycle_A=self.loss_cycle_A,
                    cycle_B=self.loss_cycle_B, idt_A=self.loss_idt_A, idt_B=self.loss_idt_B,
                    D_A=self.loss_D_A, D_B=self.loss_D_B)
