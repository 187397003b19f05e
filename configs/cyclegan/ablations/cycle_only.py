# CycleGAN loss ablation: the cycle losses alone (the paper's "Cycle alone"): no discriminators,
# no adversarial and no identity loss.
_base_ = ['./_base_small.py']

model = dict(nets=dict(D_A=None, D_B=None), adversarial=dict(GAN_A=None, GAN_B=None),
             branches=dict(identity_A=None, identity_B=None),
             losses=dict(idt_A=None, idt_B=None))
