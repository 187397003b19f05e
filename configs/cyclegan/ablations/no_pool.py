# CycleGAN ablation of the image pool: the discriminators see only the latest fakes (pool size
# 0) instead of a history of 50; everything else as full.py.
_base_ = ['./_base_small.py']

_no_pool = dict(pool=dict(pool_size=0))
model = dict(adversarial=dict(GAN_A=_no_pool, GAN_B=_no_pool))
