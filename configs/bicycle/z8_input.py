# BicycleGAN with z added to the input only (the paper's "add_to_input" ablation).
_base_ = ['./z8_all.py']

model = dict(nets=dict(G=dict(injection='input')))
