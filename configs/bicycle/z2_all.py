# BicycleGAN with a 2-dimensional latent code (the paper's nz ablation).
_base_ = ['./z8_all.py']

model = dict(nets=dict(G=dict(nz=2), E=dict(out_channels=2)))
