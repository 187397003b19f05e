# CycleGAN ablation of the GAN loss: the vanilla (cross-entropy) GAN instead of the least-squares
# one of the full objective; everything else as full.py.
_base_ = ['./_base_small.py']

_vanilla = dict(gan_loss=dict(gan_mode='vanilla'))
model = dict(adversarial=dict(GAN_A=_vanilla, GAN_B=_vanilla))
