"""junyanz/BicycleGAN ``BiCycleGANModel.optimize_parameters``, over i2itools' nets."""
import torch

from .parts import loss_weight, require_parts, set_requires_grad


class BicycleGANSteps:
    """forward (E(B1), eps, z_random, G(A1, z_encoded), G(A1, z_random), E(fake_random)), the
    G + E step (the latent loss a second backward with E's ``requires_grad`` off), then the D
    and D2 step on the fakes made before it; a batch smaller than ``batch_size`` is skipped.

    ``make_optimizer(params)`` builds each optimizer (the reference's Adam).
    """

    step_lr_at = 'end'
    skips_short_batch = True

    def __init__(self, model, make_optimizer, batch_size):
        require_parts(model, 'BicycleGAN', adversarial=('GAN', 'GAN2'),
                      losses=('L1', 'KL', 'z_L1'))
        gan, gan2 = model.adversarial['GAN'], model.adversarial['GAN2']
        if gan.condition or gan2.condition or gan2.discriminator != 'D2':
            raise ValueError('the reference loop mirrors the default BicycleGAN: unconditional '
                             'D and D2 (no --conditional_D, no --use_same_D); this config differs')
        self.netG, self.netD, self.netD2, self.netE = (
            getattr(model, n) for n in ('G', 'D', 'D2', 'E'))
        self.batch_size = batch_size
        self.nz = model.G.nz
        self.criterionGAN = gan.gan_loss
        self.lambda_GAN, self.lambda_GAN2 = gan.gan_loss.loss_weight, gan2.gan_loss.loss_weight
        self.lambda_L1 = loss_weight(model, 'L1')
        self.lambda_kl = loss_weight(model, 'KL')
        self.lambda_z = loss_weight(model, 'z_L1')
        self.criterionL1 = self.criterionZ = torch.nn.L1Loss()
        self.optimizers = {n: make_optimizer(getattr(self, f'net{n}').parameters())
                           for n in ('G', 'E', 'D', 'D2')}

    def is_train(self, batch_size):
        """The reference trains only on full batches (``real_A.size(0) == batch_size``)."""
        return batch_size == self.batch_size

    def get_z_random(self, batch_size, nz):
        return torch.randn(batch_size, nz).detach().to(self.real_A.device)

    def encode(self, input_image):
        mu, logvar = self.netE.forward(input_image)
        std = logvar.mul(0.5).exp_()
        eps = self.get_z_random(std.size(0), std.size(1))
        return eps.mul(std).add_(mu), mu, logvar

    def forward(self):
        half_size = self.batch_size // 2
        self.real_A_encoded = self.real_A[0:half_size]
        self.real_B_encoded = self.real_B[0:half_size]
        self.real_B_random = self.real_B[half_size:]
        self.z_encoded, self.mu, self.logvar = self.encode(self.real_B_encoded)
        self.z_random = self.get_z_random(self.real_A_encoded.size(0), self.nz)
        # the random branch also starts from the first half's A, as the reference
        self.fake_B_encoded = self.netG(self.real_A_encoded, self.z_encoded)
        self.fake_B_random = self.netG(self.real_A_encoded, self.z_random)
        self.mu2, _ = self.netE(self.fake_B_random)

    def backward_D(self, netD, real, fake):
        loss_D_fake = self.criterionGAN(netD(fake.detach()), False)
        loss_D_real = self.criterionGAN(netD(real), True)
        loss_D = loss_D_fake + loss_D_real
        loss_D.backward()
        return loss_D

    def backward_EG(self):
        self.loss_G_GAN = self.criterionGAN(self.netD(self.fake_B_encoded), True) * self.lambda_GAN
        self.loss_G_GAN2 = (self.criterionGAN(self.netD2(self.fake_B_random), True)
                            * self.lambda_GAN2)
        self.loss_kl = (torch.sum(1 + self.logvar - self.mu.pow(2) - self.logvar.exp())
                        * (-0.5 * self.lambda_kl))
        self.loss_G_L1 = self.criterionL1(self.fake_B_encoded, self.real_B_encoded) * self.lambda_L1
        self.loss_G = self.loss_G_GAN + self.loss_G_GAN2 + self.loss_G_L1 + self.loss_kl
        self.loss_G.backward(retain_graph=True)

    def backward_G_alone(self):
        self.loss_z_L1 = self.criterionZ(self.mu2, self.z_random) * self.lambda_z
        self.loss_z_L1.backward()

    def update_G_and_E(self):
        set_requires_grad([self.netD, self.netD2], False)
        self.optimizers['E'].zero_grad()
        self.optimizers['G'].zero_grad()
        self.backward_EG()
        set_requires_grad([self.netE], False)
        self.backward_G_alone()
        set_requires_grad([self.netE], True)
        self.optimizers['E'].step()
        self.optimizers['G'].step()

    def update_D(self):
        set_requires_grad([self.netD, self.netD2], True)
        self.optimizers['D'].zero_grad()
        self.loss_D = self.backward_D(self.netD, self.real_B_encoded, self.fake_B_encoded)
        self.optimizers['D'].step()
        self.optimizers['D2'].zero_grad()
        self.loss_D2 = self.backward_D(self.netD2, self.real_B_random, self.fake_B_random)
        self.optimizers['D2'].step()

    def optimize_parameters(self, real_A, real_B):
        self.real_A, self.real_B = real_A, real_B
        self.forward()
        self.update_G_and_E()
        self.update_D()
        return dict(G_GAN=self.loss_G_GAN, G_GAN2=self.loss_G_GAN2, G_L1=self.loss_G_L1,
                    kl=self.loss_kl, z_L1=self.loss_z_L1, D=self.loss_D, D2=self.loss_D2)
