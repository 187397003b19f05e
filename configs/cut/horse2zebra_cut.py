# CUT on the real horse2zebra data with the reference settings (`train.py --model cut
# --CUT_mode CUT`): 1334 iterations per epoch (the larger domain), 200 + 200 epochs, the lr
# stepped at the end of each epoch, and no resize-crop (load size = crop size) once it decays.
_base_ = [
    '../_base_/models/cut_resnet9.py',
    '../_base_/datasets/horse2zebra.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

train_cfg = dict(max_iters=400 * 1334)
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, iters_per_epoch=1334,
                        step_at='end', by_epoch=False)]
# from the first decaying epoch on: resize to 256 (the crop size) and flip, without cropping
custom_hooks = [dict(type='PipelineSwitchHook', at=0.5,
                     pipeline=[dict(type='Resize', size=256), dict(type='RandomFlip')])]
