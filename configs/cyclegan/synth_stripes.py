# CycleGAN on the built-in unpaired shapes (plain fills <-> striped fills), generated into
# data/synth_stripes_64 on first use: no download, no pairs given to training (the true
# counterparts of the test images are written beside them for evaluation). Sized for a CPU:
# 64 px images, 16 base channels, 6 ResNet blocks; the objective and schedule are the reference's.
_base_ = [
    '../_base_/models/cyclegan_resnet9.py',
    '../_base_/synth_stripes_64.py',
]

_small_generator = dict(base_channels=16, num_blocks=6)
_small_discriminator = dict(base_channels=16)
model = dict(nets=dict(G_A=_small_generator, G_B=_small_generator, D_A=_small_discriminator,
                       D_B=_small_discriminator))

# Each direction against the true target its input's pixels give (docs/metrics.md): L1, shape
# mask IoU, stripe texture; exact only on unresized images, as test_pipeline keeps them.
test_evaluator = dict(type='Evaluator', metrics=[
    dict(type='StripeTargetAgreement', direction='AtoB'),
    dict(type='StripeTargetAgreement', direction='BtoA'),
])
val_evaluator = test_evaluator
