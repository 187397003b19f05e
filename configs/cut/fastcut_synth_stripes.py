# FastCUT on the built-in unpaired stripes (see ./_synth_stripes.py), sized as
# ./cut_synth_stripes.py; half CUT's iterations with the decay over the last quarter (the
# reference's 150 + 50 epochs against CUT's 200 + 200).
_base_ = ['../_base_/models/fastcut_resnet9.py', './_synth_stripes.py']

model = dict(nets=dict(G=dict(base_channels=8, num_blocks=6), D=dict(base_channels=8),
                       F=dict(in_channels=(3, 16, 32, 32, 32))))
train_cfg = dict(max_iters=5000)
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.75, step_at='end', by_epoch=False)]
