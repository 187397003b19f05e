# pix2pix on the built-in synthetic facades (label map -> rendered facade), generated into
# data/synth_facades on first use: no download. Sized to train on a laptop CPU in minutes
# (128 px, U-Net 128, 32 base channels); the objective and schedule are the reference ones.
_base_ = [
    '../_base_/models/pix2pix_unet256.py',
    '../_base_/datasets/facades.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

model = dict(nets=dict(
    G=dict(num_downs='unet_128', base_channels=32),
    D=dict(base_channels=32),
))

data_root = 'data/synth_facades'
builtin = 'synth_facades'  # 256 px pairs, the same as `python tools/make_dataset.py synth_facades`
train_pipeline = [
    dict(type='Resize', size=143),
    dict(type='RandomCrop', size=128),
    dict(type='RandomFlip'),
]
test_pipeline = [dict(type='Resize', size=128)]
train_dataloader = dict(
    num_workers=2,
    dataset=dict(data_root=data_root, direction='AtoB', builtin=builtin, pipeline=train_pipeline))
test_dataloader = dict(
    dataset=dict(data_root=data_root, direction='AtoB', builtin=builtin, pipeline=test_pipeline))
# L1, PSNR, SSIM of the translation against the true facade, and the FCN-score analogue: the
# labels read back from it against the input labels (approximate after the resize to 128 px;
# docs/metrics.md)
test_evaluator = dict(type='Evaluator', metrics=[
    dict(type='PairedFidelity', pred='fake_B', target='B'),
    dict(type='FacadeLabelScore', source='A', pred='fake_B'),
])
# validation on the 100 val pairs every 1000 iterations (nets in eval mode; docs/training.md),
# keeping best_PSNR_iter_N.pth
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(type='AlignedDataset', data_root=data_root, split='val', direction='AtoB',
                 builtin=builtin, pipeline=test_pipeline))
val_evaluator = test_evaluator
val_cfg = dict(type='ValidationLoop')

train_cfg = dict(max_iters=4000, val_begin=1000, val_interval=1000)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=1000, save_best='PSNR', rule='greater'),
    samples=dict(interval=250),
    reference_weights=dict(interval=1000),
)
