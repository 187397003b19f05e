# The reference facades data (datasets/facades/{train,val,test}/*.jpg, photo | labels side by
# side), trained labels -> photo (BtoA), load 286 crop 256 with flips, batch 1.
data_root = 'datasets/facades'

train_pipeline = [
    dict(type='Resize', size=286),
    dict(type='RandomCrop', size=256),
    dict(type='RandomFlip'),
]
# The reference tests at load_size = crop_size, without flips.
test_pipeline = [dict(type='Resize', size=256)]

train_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='AlignedDataset', data_root=data_root, split='train', direction='BtoA',
                 pipeline=train_pipeline),
)
test_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='AlignedDataset', data_root=data_root, split='test', direction='BtoA',
                 pipeline=test_pipeline),
)
test_cfg = dict(type='TestLoop')
test_evaluator = dict(type='Evaluator', metrics=[])
