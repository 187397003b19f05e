# pix2pix objective ablation: L1 + unconditional GAN; D sees the output alone (3 channels), not
# the input with it, so it cannot tell whether the output matches the input.
_base_ = ['./_base_small.py']

model = dict(nets=dict(D=dict(in_channels=3)), adversarial=dict(GAN=dict(condition=None)))
