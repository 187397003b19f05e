"""Training hooks: progress bar, sample grids, reference-style weight files."""
from .reference_weights_hook import ReferenceWeightsHook
from .rich_progress_bar_hook import RichProgressBarHook
from .sample_grid_hook import SampleGridHook

__all__ = ['ReferenceWeightsHook', 'RichProgressBarHook', 'SampleGridHook']
