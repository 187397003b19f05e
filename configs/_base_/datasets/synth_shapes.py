# The built-in multimodal pairs: A = outlines of shapes, B = the shapes filled with one of 4
# colours (the mode, saved as ground truth). Generated at 32 px into data/synth_shapes_32 on
# first use (as `python tools/make_dataset.py synth_shapes --size 32 --root data/synth_shapes_32`).
data_root = 'data/synth_shapes_32'
builtin = dict(name='synth_shapes', size=32)

train_dataloader = dict(
    batch_size=2,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='AlignedDataset', data_root=data_root, split='train', direction='AtoB',
                 builtin=builtin, pipeline=[dict(type='RandomFlip')]),
)
test_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='AlignedDataset', data_root=data_root, split='test', direction='AtoB',
                 builtin=builtin, pipeline=[]),
)
# validation: the val split, nets in eval mode, the same z at every validation (ValidationLoop)
val_dataloader = dict(test_dataloader, dataset=dict(test_dataloader['dataset'], split='val'))
val_cfg = dict(type='ValidationLoop')
test_cfg = dict(type='TestLoop')
# ground-truth scores of the samples (see docs/metrics.md); num_modes must match builtin's
test_evaluator = dict(type='Evaluator', metrics=[
    dict(type='ShapeModeMetric', num_modes=4),
    dict(type='SampleDiversity'),
])
val_evaluator = test_evaluator
