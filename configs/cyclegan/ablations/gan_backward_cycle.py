# CycleGAN loss ablation: GAN + the backward cycle loss only, B -> A -> B (the paper's
# "GAN + backward cycle"); no forward cycle, no identity loss.
_base_ = ['./_base_small.py']

model = dict(branches=dict(identity_A=None, identity_B=None),
             losses=dict(cycle_A=None, idt_A=None, idt_B=None))
