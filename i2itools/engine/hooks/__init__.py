"""Training hooks: the run's header and objective in the log, progress bar, sample grids,
reference-style weight files, the training report, the EMA of nets, a change of the data
pipeline part-way, the health check ("is it translating?"), the losses read from the device
only when needed, the speed settings, and the hooks that keep a run safe: crash-safe
checkpoints, exact resume, preemption, non-finite losses."""
from .deferred_runtime_info_hook import DeferredRuntimeInfoHook
from .last_iter_logger_hook import LastIterLoggerHook
from .net_ema_hook import NetEMAHook
from .nonfinite_loss_hook import NonFiniteLossHook
from .objective_log_hook import ObjectiveLogHook
from .pipeline_switch_hook import PipelineSwitchHook
from .preemption_hook import PreemptionHook
from .reference_weights_hook import ReferenceWeightsHook
from .rich_progress_bar_hook import RichProgressBarHook
from .run_header_hook import RunHeaderHook
from .safe_checkpoint_hook import SafeCheckpointHook
from .sample_grid_hook import SampleGridHook
from .speed_settings_hook import SpeedSettingsHook
from .train_state_hook import TrainStateHook
from .training_health_hook import TrainingHealthHook
from .training_report_hook import TrainingReportHook
from .val_sample_grid_hook import ValSampleGridHook

__all__ = ['DeferredRuntimeInfoHook', 'LastIterLoggerHook', 'NetEMAHook', 'NonFiniteLossHook',
           'ObjectiveLogHook', 'PipelineSwitchHook', 'PreemptionHook', 'ReferenceWeightsHook',
           'RichProgressBarHook', 'RunHeaderHook', 'SafeCheckpointHook', 'SampleGridHook',
           'SpeedSettingsHook', 'TrainStateHook', 'TrainingHealthHook', 'TrainingReportHook',
           'ValSampleGridHook']
