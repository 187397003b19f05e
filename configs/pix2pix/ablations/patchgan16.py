# pix2pix receptive-field ablation: a 16x16 PatchGAN (one stride-2 conv); at 96 px each of its
# 46x46 outputs sees a sixth of the image's width.
_base_ = ['./_base_small.py']

model = dict(nets=dict(D=dict(num_layers=1)))
