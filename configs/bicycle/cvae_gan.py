# cVAE-GAN: only the encoded branch (z from E(B), L1 + KL + GAN on D); no random branch, no D2.
_base_ = ['./z8_all.py']

model = dict(
    nets=dict(D2=None),
    branches=dict(random=None, latent=None),
    adversarial=dict(GAN2=None),
    losses=dict(z_L1=None),
)
