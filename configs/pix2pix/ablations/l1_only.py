# pix2pix objective ablation: L1 alone; no discriminator, so no adversarial term (the paper:
# reasonable but blurry results).
_base_ = ['./_base_small.py']

model = dict(nets=dict(D=None), adversarial=dict(GAN=None))
