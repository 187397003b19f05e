# cLR-GAN: only the random branch (z ~ N(0, I), GAN on D2, latent regression through E).
# Without the encoded branch E learns from the latent loss alone, so that loss updates G and E
# (in BicycleGAN it updates G only, as in the reference).
_base_ = ['./z8_all.py']

model = dict(
    nets=dict(D=None),
    branches=dict(encoded=None),
    adversarial=dict(GAN=None),
    losses=dict(L1=None, KL=None, z_L1=dict(updates=None)),
    visuals=('A_1', 'B_1', 'fake_B_random'),
)
