# BicycleGAN, nz 8, z added to all layers: the main job. Trains on the built-in multimodal
# shapes at 64 px (a U-Net of 6 levels, 32 base channels) so that a 2-core CPU shows several
# modes within about 10 minutes; the objective, optimisers and schedule are the reference's.
# On a GPU, `edges2shoes_z8_all.py` and `facades_z8_all.py` are the full-size reference runs.
_base_ = [
    '../_base_/models/bicycle_unet256.py',
    '../_base_/datasets/synth_shapes.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

_small_discriminator = dict(base_channels=32)
model = dict(nets=dict(
    G=dict(num_downs=6, base_channels=32),
    E=dict(num_blocks=3, base_channels=32),   # 64 px: 3 halvings reach the encoder's 8x8 pool
    D=_small_discriminator,
    D2=_small_discriminator,
))

train_cfg = dict(max_iters=3000)
# BicycleGAN steps its lr scheduler at the end of each epoch (pix2pix/CycleGAN at the start)
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, step_at='end', by_epoch=False)]
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=1000),
    samples=dict(interval=250),
    reference_weights=dict(interval=1000),
)
