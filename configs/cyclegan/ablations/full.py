# CycleGAN loss ablation: the full objective of the reference code (GAN + both cycles +
# identity), this folder's base as it is.
_base_ = ['./_base_small.py']
