# cLR-GAN: only the random branch (z ~ N(0, I), GAN on D2, latent regression through E).
# Without the encoded branch E learns from the latent loss alone, so E is not frozen in the
# latent branch and that loss trains G and E (in BicycleGAN it trains G only, as in the reference).
_base_ = ['./z8_all.py']

model = dict(
    nets=dict(D=None),
    branches=dict(encoded=None, latent=dict(frozen=None)),
    adversarial=dict(GAN=None),
    losses=dict(L1=None, KL=None),
    visuals=('A_1', 'B_1', 'fake_B_random'),
)
# E's log-variance head gets no gradient here (only E's mean is regressed): under DDP the
# wrapper must look for parameters without gradient
model_wrapper_cfg = dict(find_unused_parameters=True)
