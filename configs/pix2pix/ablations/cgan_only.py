# pix2pix objective ablation: conditional GAN alone, no L1 term (the paper: sharper results,
# but with visual artifacts).
_base_ = ['./_base_small.py']

model = dict(losses=dict(L1=None))
