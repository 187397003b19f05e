# pix2pix receptive-field ablation: the default 70x70 PatchGAN (three stride-2 convs); at 96 px
# each of its 10x10 outputs sees three quarters of the image's width.
_base_ = ['./_base_small.py']

model = dict(nets=dict(D=dict(num_layers=3)))
