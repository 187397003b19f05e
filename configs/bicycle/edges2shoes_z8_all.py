# BicycleGAN on the real edges2shoes data with the reference script's settings
# (scripts/train_edges2shoes.sh): 1-channel edges -> shoes, U-Net 256 with dropout, load and
# crop 256, batch 2, 30 + 30 epochs of 24,912 iterations (49,825 pairs, the odd one left out).
# The script defines --no_flip but does not pass it, so flips stay on, as in the reference runs.
_base_ = [
    '../_base_/models/bicycle_unet256.py',
    '../_base_/datasets/facades.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

model = dict(nets=dict(G=dict(in_channels=1, use_dropout=True)))

data_root = 'datasets/edges2shoes'
train_pipeline = [dict(type='Resize', size=256), dict(type='RandomFlip')]
test_pipeline = [dict(type='Resize', size=256)]
train_dataloader = dict(
    batch_size=2,
    dataset=dict(data_root=data_root, direction='AtoB', in_channels=1, pipeline=train_pipeline))
test_dataloader = dict(
    dataset=dict(data_root=data_root, split='val', direction='AtoB', in_channels=1,
                 pipeline=test_pipeline))

train_cfg = dict(max_iters=60 * 24912)
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, iters_per_epoch=24912,
                        step_at='end', by_epoch=False)]
