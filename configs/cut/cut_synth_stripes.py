# CUT on the built-in unpaired stripes (see ./_synth_stripes.py), sized for a CPU: nets of 8 base
# channels, 6 residual blocks (the NCE layers 0, 4, 8, 12, 16 then end in the 5th block, as with
# 9), 10,000 iterations, the lr decaying over the second half (the reference's 200 + 200
# epochs). The objective is the reference's.
_base_ = ['../_base_/models/cut_resnet9.py', './_synth_stripes.py']

model = dict(nets=dict(G=dict(base_channels=8, num_blocks=6), D=dict(base_channels=8),
                       F=dict(in_channels=(3, 16, 32, 32, 32))))
