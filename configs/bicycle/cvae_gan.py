# cVAE-GAN: only the encoded branch (z from E(B), L1 + KL + GAN on D) on the whole batch;
# no random branch, no D2, no latent loss.
_base_ = ['./z8_all.py']

model = dict(
    nets=dict(D2=None),
    branches=dict(split=None, random=None, latent=None, encoded=dict(source='A', target='B')),
    adversarial=dict(GAN=dict(real='B'), GAN2=None),
    losses=dict(L1=dict(inputs=dict(target='B')), z_L1=None),
    visuals=('A', 'B', 'fake_B_encoded'),
)
