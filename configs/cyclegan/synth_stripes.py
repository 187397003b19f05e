# CycleGAN on the built-in unpaired shapes (plain fills <-> striped fills), generated into
# data/synth_stripes on first use: no download, no pairs given to training (the true
# counterparts of the test images are written beside them for evaluation). Sized for a CPU:
# 64 px images, 16 base channels, 6 ResNet blocks; the objective and schedule are the reference's.
_base_ = [
    '../_base_/models/cyclegan_resnet9.py',
    '../_base_/datasets/horse2zebra.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

_small_generator = dict(base_channels=16, num_blocks=6)
_small_discriminator = dict(base_channels=16)
model = dict(nets=dict(G_A=_small_generator, G_B=_small_generator, D_A=_small_discriminator,
                       D_B=_small_discriminator))

# Generated at 64 px (as `python tools/make_dataset.py synth_stripes --size 64 --root
# data/synth_stripes_64`), so that no resize blurs the 4-pixel stripes; flips keep them intact.
data_root = 'data/synth_stripes_64'
builtin = dict(name='synth_stripes', size=64)
train_pipeline = [dict(type='RandomFlip')]
test_pipeline = []
train_dataloader = dict(
    num_workers=2,
    dataset=dict(data_root=data_root, builtin=builtin, pipeline=train_pipeline))
test_dataloader = dict(dataset=dict(data_root=data_root, builtin=builtin, pipeline=test_pipeline))
# Each direction against the true target its input's pixels give (docs/metrics.md): L1, shape
# mask IoU, stripe texture; exact only on unresized images, as test_pipeline keeps them.
test_evaluator = dict(type='Evaluator', metrics=[
    dict(type='StripeTargetAgreement', direction='AtoB'),
    dict(type='StripeTargetAgreement', direction='BtoA'),
])
# synth_stripes has no val split: validation scores the test split (as the CycleGAN reference,
# which has none either) every 2500 iterations, keeping best_AtoB_L1_iter_N.pth
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
