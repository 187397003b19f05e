# A run on the built-in unpaired stripes at 64 px (plain fills <-> striped fills) over the horse2zebra
# layout, generated into data/synth_stripes_64 on first use (as `python tools/make_dataset.py
# synth_stripes --size 64 --root data/synth_stripes_64`): no resize, which would blur the 4-pixel
# stripes; flips keep them intact. synth_stripes has no val split: validation scores the test
# split (as the CycleGAN reference, which has none either) every 2500 of 10,000 iterations,
# keeping best_AtoB_L1_iter_N.pth; the reference's schedule and runtime. A config on it adds the
# model, test_evaluator and val_evaluator = test_evaluator.
_base_ = [
    './datasets/horse2zebra.py',
    './schedules/linear_decay.py',
    './default_runtime.py',
]

data_root = 'data/synth_stripes_64'
builtin = dict(name='synth_stripes', size=64)
train_pipeline = [dict(type='RandomFlip')]
test_pipeline = []
train_dataloader = dict(
    num_workers=2,
    dataset=dict(data_root=data_root, builtin=builtin, pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(data_root=data_root, builtin=builtin, pipeline=test_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='UnalignedDataset', data_root=data_root, split='test', serial_batches=True,
                 builtin=builtin, pipeline=test_pipeline))
val_cfg = dict(type='ValidationLoop')

train_cfg = dict(max_iters=10000, val_begin=2500, val_interval=2500)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=1000, save_best='AtoB_L1', rule='less'),
    samples=dict(interval=250),
    reference_weights=dict(interval=1000),
)
