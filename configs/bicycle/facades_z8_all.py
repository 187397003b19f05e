# BicycleGAN on the real facades data with the reference script's settings
# (scripts/train_facades.sh): labels -> photos (BtoA), U-Net 256 with dropout, load and crop 256
# with flips, batch 2, 200 + 200 epochs of 200 iterations (400 pairs).
_base_ = [
    '../_base_/models/bicycle_unet256.py',
    '../_base_/datasets/facades.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

model = dict(nets=dict(G=dict(use_dropout=True)))

train_pipeline = [dict(type='Resize', size=256), dict(type='RandomFlip')]
test_pipeline = [dict(type='Resize', size=256)]
train_dataloader = dict(batch_size=2, dataset=dict(pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))

train_cfg = dict(max_iters=400 * 200)
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, iters_per_epoch=200,
                        step_at='end', by_epoch=False)]
