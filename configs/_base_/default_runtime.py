# Runtime defaults shared by every config: hooks, logging, checkpoints, distributed wrapper.
default_scope = 'i2itools'

env_cfg = dict(
    cudnn_benchmark=True,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)
# diff_rank_seed: each DDP process draws its own z and dropout noise (seed + rank), while the
# data sampler's seed stays common to all (mmengine draws it from the seeded generator)
randomness = dict(seed=0, diff_rank_seed=True)
# denormal floats run 10-100x slower on CPUs; none arises in the BicycleGAN nets, where runs with
# and without flushing are bit-identical (docs/results.md, issue 23); False computes as the reference
flush_denormal = True
# intra-op CPU threads (--threads); None: torch's default, one per core. Runs side by side
# need cores / runs each
threads = None
# glibc's malloc keeps freed blocks (up to 32 MiB) for reuse instead of handing every
# iteration's large temporaries fresh pages: the same results, 1.15-1.25x faster CPU steps
# measured (docs/performance.md); False leaves malloc as it is
reuse_freed_memory = True
# the fast path (--fast) is off unless a config sets `fast = True` or `fast = dict(autocast=...,
# fused_optimizer=..., channels_last=..., matmul_convolutions=...)` (i2itools/engine/fast_path.py,
# docs/performance.md); no default here, so that a child config may set either

default_hooks = dict(
    # the losses stay on the device until the logger, a checkpoint or a check reads them
    runtime_info=dict(type='DeferredRuntimeInfoHook'),
    timer=dict(type='IterTimerHook'),
    # a short header (config, work dir, device, data, length), then the objective (each
    # step's weighted terms and the nets each trains), once at the start
    header=dict(type='RunHeaderHook'),
    # the fast path's settings (--fast) put into effect and logged; threads against free cores
    speed=dict(type='SpeedSettingsHook'),
    objective=dict(type='ObjectiveLogHook'),
    # validation metrics logged at their iteration (not epoch 0) for curves and TensorBoard;
    # the last iteration is logged too, so a short run leaves curves
    logger=dict(type='LastIterLoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # atomic_local: a checkpoint file is complete or absent, never truncated by a crash;
    # SafeCheckpointHook: last_checkpoint moves only to a complete file, the last K are kept
    checkpoint=dict(type='SafeCheckpointHook', interval=5000, by_epoch=False, max_keep_ckpts=3,
                    save_last=True, backend_args=dict(backend='atomic_local')),
    # data position and random states in each checkpoint, for an exact resume
    train_state=dict(type='TrainStateHook'),
    # SIGTERM / Ctrl-C: finish the iteration, save, stop; a second one stops at once
    preemption=dict(type='PreemptionHook'),
    # after a NaN / Inf loss (whose update the model skips): 'skip' counts it, 'stop' stops
    nonfinite_loss=dict(type='NonFiniteLossHook', policy='skip'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    progress=dict(type='RichProgressBarHook'),
    samples=dict(type='SampleGridHook', interval=500),
    # at every validation: val_samples/iter_N.png of the same val inputs (and z)
    val_samples=dict(type='ValSampleGridHook'),
    # "is it translating?": at each validation, output vs input, spread over inputs and z, D's
    # accuracy; warns with the numbers and what usually helps (also in report.html)
    health=dict(type='TrainingHealthHook'),
    # report.html: config, curves, grids, best checkpoint; at each validation and at the end
    report=dict(type='TrainingReportHook'),
    reference_weights=dict(type='ReferenceWeightsHook', interval=5000),
)

log_processor = dict(type='LogProcessor', window_size=50, by_epoch=False)
log_level = 'INFO'
# TensorBoard event files beside the logs when the `tensorboard` extra is installed
visualizer = dict(type='Visualizer', vis_backends=[dict(type='LocalVisBackend'),
                                                   dict(type='OptionalTensorboardVisBackend')])

# Each net is wrapped on its own, so the model's train_step (D step, then G step) stays in charge.
model_wrapper_cfg = dict(type='MMSeparateDistributedDataParallel', broadcast_buffers=False,
                         find_unused_parameters=False)

load_from = None
resume = False
