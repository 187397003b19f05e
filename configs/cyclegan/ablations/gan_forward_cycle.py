# CycleGAN loss ablation: GAN + the forward cycle loss only, A -> B -> A (the paper's
# "GAN + forward cycle"); no backward cycle, no identity loss.
_base_ = ['./_base_small.py']

model = dict(branches=dict(identity_A=None, identity_B=None),
             losses=dict(cycle_B=None, idt_A=None, idt_B=None))
