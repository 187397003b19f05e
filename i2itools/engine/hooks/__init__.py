"""Training hooks: the objective in the log, progress bar, sample grids, reference-style weight files, the training report,
the EMA of nets, the losses read from the device only when needed, the speed settings, and the
hooks that keep a run safe: crash-safe checkpoints, exact resume, preemption, non-finite losses."""
from .deferred_runtime_info_hook import DeferredRuntimeInfoHook
from .net_ema_hook import NetEMAHook
from .nonfinite_loss_hook import NonFiniteLossHook
from .objective_log_hook import ObjectiveLogHook
from .preemption_hook import PreemptionHook
from .reference_weights_hook import ReferenceWeightsHook
from .rich_progress_bar_hook import RichProgressBarHook
from .safe_checkpoint_hook import SafeCheckpointHook
from .sample_grid_hook import SampleGridHook
from .speed_settings_hook import SpeedSettingsHook
from .train_state_hook import TrainStateHook
from .training_report_hook import TrainingReportHook
from .val_sample_grid_hook import ValSampleGridHook

__all__ = ['DeferredRuntimeInfoHook', 'NetEMAHook', 'NonFiniteLossHook', 'ObjectiveLogHook',
           'PreemptionHook', 'ReferenceWeightsHook', 'RichProgressBarHook', 'SafeCheckpointHook',
           'SampleGridHook', 'SpeedSettingsHook', 'TrainStateHook', 'TrainingReportHook',
           'ValSampleGridHook']
