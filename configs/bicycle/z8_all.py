# BicycleGAN, nz 8, z added to all layers: the main job. Trains on the built-in multimodal
# shapes at 32 px (a U-Net of 5 levels, 32 base channels), where a 2-core CPU learns to use z —
# several colour modes per input — in about 9 minutes; the objective, optimisers and
# schedule are the reference's. On a GPU, `edges2shoes_z8_all.py` and `facades_z8_all.py` are
# the full-size reference runs.
_base_ = [
    '../_base_/models/bicycle_unet256.py',
    '../_base_/datasets/synth_shapes.py',
    '../_base_/schedules/linear_decay.py',
    '../_base_/default_runtime.py',
]

_small_discriminator = dict(base_channels=32, num_layers=2)
model = dict(nets=dict(
    G=dict(num_downs=5, base_channels=32),
    E=dict(num_blocks=2, base_channels=32),   # 32 px: 2 halvings reach the encoder's 8x8 pool
    D=_small_discriminator,
    D2=_small_discriminator,
))

# validates twice (at 3000 and 6000 iterations) on the 100 val inputs, keeping the checkpoint
# whose samples cover the most colour modes (best_mode_coverage_iter_N.pth; realism alone would
# favour a model that collapsed to one mode)
train_cfg = dict(max_iters=6000, val_begin=3000, val_interval=3000)
# BicycleGAN steps its lr scheduler at the end of each epoch (pix2pix/CycleGAN at the start)
param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, step_at='end', by_epoch=False)]
default_hooks = dict(
    logger=dict(interval=500),
    checkpoint=dict(interval=3000, save_best='mode_coverage', rule='greater'),
    samples=dict(interval=1000),
    reference_weights=dict(interval=3000),
)
