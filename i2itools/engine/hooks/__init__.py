"""Training hooks: progress bar, sample grids, reference-style weight files, and the hooks that
keep a run safe: crash-safe checkpoints, exact resume, preemption, non-finite losses."""
from .nonfinite_loss_hook import NonFiniteLossHook
from .preemption_hook import PreemptionHook
from .reference_weights_hook import ReferenceWeightsHook
from .rich_progress_bar_hook import RichProgressBarHook
from .safe_checkpoint_hook import SafeCheckpointHook
from .sample_grid_hook import SampleGridHook
from .train_state_hook import TrainStateHook

__all__ = ['NonFiniteLossHook', 'PreemptionHook', 'ReferenceWeightsHook', 'RichProgressBarHook',
           'SafeCheckpointHook', 'SampleGridHook', 'TrainStateHook']
