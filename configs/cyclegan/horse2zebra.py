# CycleGAN on the real horse2zebra data with the reference settings
# (`train.py --model cycle_gan`): 1334 iterations per epoch (the larger domain), 100 + 100 epochs.
_base_ = [
    '../_base_/models/cyclegan_resnet9.py',
    '../_base_/datasets/horse2zebra.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

train_cfg = dict(max_iters=200 * 1334)
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, iters_per_epoch=1334,
                        step_at='start', by_epoch=False)]
