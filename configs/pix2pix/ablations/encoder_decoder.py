# pix2pix generator ablation: the U-Net with its skip connections severed (the paper's
# encoder-decoder), trained with L1 + cGAN; everything passes through the innermost 3x3 level.
_base_ = ['./_base_small.py']

model = dict(nets=dict(G=dict(skip_connections=False)))
