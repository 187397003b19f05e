# pix2pix on the real facades dataset with the reference settings
# (`train.py --model pix2pix --direction BtoA`: 400 images, 100 + 100 epochs at batch 1).
_base_ = [
    '../_base_/models/pix2pix_unet256.py',
    '../_base_/datasets/facades.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

train_cfg = dict(max_iters=200 * 400)
# One reference epoch is 400 iterations; the lr changes at the start of each, as in the reference.
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, iters_per_epoch=400,
                        step_at='start', by_epoch=False)]
