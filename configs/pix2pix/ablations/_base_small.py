# The small pix2pix that every ablation in this folder changes in one respect (tools/ablation.py
# leaves out files starting with '_'). synth_facades generated at 96 px, the smallest size at
# which the 286x286 ImageGAN (5 stride-2 convs) still gives an output; no resize, so test images
# keep the renderer's exact colours for FacadeLabelScore. U-Net of 5 levels (innermost 3x3) and
# PatchGAN, both of 16 base channels; the objective and schedule are the reference's.
# At 96 px the 70x70 PatchGAN already sees three quarters of the image (the paper's: a quarter
# of 256 px) and the 286x286 one all of it, through a single output.
_base_ = [
    '../../_base_/models/pix2pix_unet256.py',
    '../../_base_/datasets/facades.py',
    '../../_base_/schedules/linear_decay.py',
    '../../_base_/default_runtime.py',
]

model = dict(
    nets=dict(G=dict(num_downs=5, base_channels=16), D=dict(base_channels=16)),
    # the columns of the test gallery and of tools/ablation.py's figure
    test_visuals=('A', 'fake_B', 'B'),
)

data_root = 'data/synth_facades_96'
builtin = dict(name='synth_facades', size=96)
# flips only: a resize (the reference's jitter) would blur the label colours and textures
train_pipeline = [dict(type='RandomFlip')]
test_pipeline = []
# loading in the training process keeps a run on the one thread it is given
_loader = dict(num_workers=0, persistent_workers=False)
train_dataloader = dict(**_loader, dataset=dict(
    data_root=data_root, direction='AtoB', builtin=builtin, pipeline=train_pipeline))
test_dataloader = dict(**_loader, dataset=dict(
    data_root=data_root, direction='AtoB', builtin=builtin, pipeline=test_pipeline))
# fidelity to the true facade, and the FCN-score analogue: the labels read back from the
# generated facade against the input labels (docs/metrics.md)
test_evaluator = dict(type='Evaluator', metrics=[
    dict(type='PairedFidelity', pred='fake_B', target='B'),
    dict(type='FacadeLabelScore', source='A', pred='fake_B'),
])

# 3000 iterations, about 2 minutes on one CPU thread (about 30 it/s), after which the full
# objective draws bricks, windows and doors (measured: label_pixel_acc 0.85, SSIM 0.86)
train_cfg = dict(max_iters=3000)
default_hooks = dict(
    logger=dict(interval=250),
    checkpoint=dict(interval=1500),
    samples=dict(interval=500),
    reference_weights=dict(interval=1500),
)
