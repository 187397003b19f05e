# CycleGAN loss ablation: the adversarial losses alone (the paper's "GAN alone"), no cycle and
# no identity loss. The reconstructions are still made, so the training sample grids show how
# far they drift when no loss reads them.
_base_ = ['./_base_small.py']

model = dict(branches=dict(identity_A=None, identity_B=None),
             losses=dict(cycle_A=None, cycle_B=None, idt_A=None, idt_B=None))
