# CycleGAN loss ablation: GAN + both cycle losses, no identity loss: the objective of the
# paper's ablation table (its "CycleGAN" row; the identity loss came with its painting tasks).
_base_ = ['./_base_small.py']

model = dict(branches=dict(identity_A=None, identity_B=None),
             losses=dict(idt_A=None, idt_B=None))
