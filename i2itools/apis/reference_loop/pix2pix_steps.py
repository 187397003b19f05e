"""pytorch-CycleGAN-and-pix2pix ``Pix2PixModel.optimize_parameters``, over i2itools' nets."""
import torch

from .parts import loss_weight, require_parts, set_requires_grad


class Pix2PixSteps:
    """D step on ``cat(A, G(A)).detach()`` vs ``cat(A, B)``, then G step against the updated D.

    ``make_optimizer(params)`` builds each optimizer (the reference's Adam).
    """

    step_lr_at = 'start'

    def __init__(self, model, make_optimizer):
        require_parts(model, 'pix2pix', adversarial=('GAN',), losses=('L1',))
        term = model.adversarial['GAN']
        if term.condition is None or term.pool is not None:
            raise ValueError('the reference pix2pix has a conditional D (condition=A) and no '
                             'image pool; this config differs')
        self.netG, self.netD = model.G, model.D
        self.criterionGAN = term.gan_loss
        self.lambda_GAN = term.gan_loss.loss_weight
        self.lambda_L1 = loss_weight(model, 'L1')
        self.criterionL1 = torch.nn.L1Loss()
        self.optimizers = dict(G=make_optimizer(self.netG.parameters()),
                               D=make_optimizer(self.netD.parameters()))

    def is_train(self, batch_size):
        return True

    def forward(self):
        self.fake_B = self.netG(self.real_A)

    def backward_D(self):
        fake_AB = torch.cat((self.real_A, self.fake_B), 1)
        self.loss_D_fake = self.criterionGAN(self.netD(fake_AB.detach()), False)
        real_AB = torch.cat((self.real_A, self.real_B), 1)
        self.loss_D_real = self.criterionGAN(self.netD(real_AB), True)
        self.loss_D = (self.loss_D_fake + self.loss_D_real) * 0.5
        self.loss_D.backward()

    def backward_G(self):
        fake_AB = torch.cat((self.real_A, self.fake_B), 1)
        self.loss_G_GAN = self.criterionGAN(self.netD(fake_AB), True) * self.lambda_GAN
        self.loss_G_L1 = self.criterionL1(self.fake_B, self.real_B) * self.lambda_L1
        self.loss_G = self.loss_G_GAN + self.loss_G_L1
        self.loss_G.backward()

    def optimize_parameters(self, real_A, real_B):
        self.real_A, self.real_B = real_A, real_B
        self.forward()
        set_requires_grad([self.netD], True)
        self.optimizers['D'].zero_grad()
        self.backward_D()
        self.optimizers['D'].step()
        set_requires_grad([self.netD], False)
        self.optimizers['G'].zero_grad()
        self.backward_G()
        self.optimizers['G'].step()
        return dict(G_GAN=self.loss_G_GAN, G_L1=self.loss_G_L1, D_real=self.loss_D_real,
                    D_fake=self.loss_D_fake)
