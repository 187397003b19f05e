# pix2pix objective ablation: L2 (mean squared error, same weight 100) instead of L1, with the
# conditional GAN.
_base_ = ['./_base_small.py']

model = dict(losses=dict(
    L1=None,
    L2=dict(type='MSELoss', loss_weight=100.0, inputs=dict(pred='fake_B', target='B'))))
