# The reference schedule: Adam(2e-4, betas (0.5, 0.999)) per net, constant lr for the first
# half of the run, then linear decay to zero. Iteration-based: train_cfg.max_iters sets the run
# length and the schedule follows it.
# ExactResumeTrainLoop: IterBasedTrainLoop whose resumed runs repeat uninterrupted ones exactly
train_cfg = dict(type='ExactResumeTrainLoop', max_iters=80000, val_interval=10**9)

optim_wrapper = dict(
    constructor='MultiNetOptimWrapperConstructor',
    default=dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))),
)

param_scheduler = [dict(type='LinearDecayLR', decay_start=0.5, step_at='start', by_epoch=False)]
