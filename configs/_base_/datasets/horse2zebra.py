# The reference unpaired layout: datasets/horse2zebra/{trainA,trainB,testA,testB}/*.jpg,
# load 286 crop 256 with flips for training (A and B transformed independently), batch 1.
data_root = 'datasets/horse2zebra'

train_pipeline = [
    dict(type='Resize', size=286),
    dict(type='RandomCrop', size=256),
    dict(type='RandomFlip'),
]
test_pipeline = [dict(type='Resize', size=256)]

train_dataloader = dict(
    batch_size=1,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='UnalignedDataset', data_root=data_root, split='train',
                 pipeline=train_pipeline),
)
test_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='UnalignedDataset', data_root=data_root, split='test', serial_batches=True,
                 pipeline=test_pipeline),
)
test_cfg = dict(type='TestLoop')
test_evaluator = dict(type='Evaluator', metrics=[])
