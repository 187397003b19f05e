# pix2pix + noise: G(A, z) with z ~ N(0, I) on the whole batch, trained with L1 + GAN, no
# encoder (the paper's baseline that learns to ignore z and collapses to one mode).
_base_ = ['./z8_all.py']

model = dict(
    nets=dict(E=None, D2=None),
    branches=dict(split=None, encoded=None, latent=None,
                  random=dict(source='A', output='fake_B')),
    adversarial=dict(GAN=dict(fake='fake_B', real='B'), GAN2=None),
    losses=dict(L1=dict(inputs=dict(pred='fake_B', target='B')), KL=None, z_L1=None),
    visuals=('A', 'B', 'fake_B'),
    test_branches=dict(encoded=None, random=dict(output='fake_B')),
    test_visuals=('A', 'B', 'fake_B'),
)
