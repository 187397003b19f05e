# What the CUT and FastCUT configs on the built-in stripes share (tools/ablation.py leaves out
# files starting with '_'): the unpaired synth_stripes data at 64 px (plain fills -> striped
# fills), generated into data/synth_stripes_64 on first use, flips only (no resize, which would
# blur the 4-pixel stripes, so the reference's "no resize-crop during the decay" has nothing to
# switch here), the AtoB scores against the true targets, and validation every 2500 iterations.
_base_ = [
    '../_base_/datasets/horse2zebra.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

data_root = 'data/synth_stripes_64'
builtin = dict(name='synth_stripes', size=64)
train_pipeline = [dict(type='RandomFlip')]
test_pipeline = []
train_dataloader = dict(
    num_workers=2,
    dataset=dict(data_root=data_root, builtin=builtin, pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(data_root=data_root, builtin=builtin, pipeline=test_pipeline))
# CUT translates one way: A (plain) -> B (striped), scored against the true target of each input
test_evaluator = dict(type='Evaluator', metrics=[dict(type='StripeTargetAgreement',
                                                      direction='AtoB')])
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='UnalignedDataset', data_root=data_root, split='test', serial_batches=True,
                 builtin=builtin, pipeline=test_pipeline))
val_evaluator = test_evaluator
val_cfg = dict(type='ValidationLoop')

train_cfg = dict(max_iters=10000, val_begin=2500, val_interval=2500)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=1000, save_best='AtoB_L1', rule='less'),
    samples=dict(interval=250),
    reference_weights=dict(interval=1000),
)
# the CUT reference steps its schedule at the end of each epoch
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, step_at='end', by_epoch=False)]
