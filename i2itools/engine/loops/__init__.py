"""Training loops: an iteration-based loop that resumes exactly where a checkpoint left off,
and a validation loop that draws the same noise at every validation."""
from .exact_resume_train_loop import ExactResumeTrainLoop
from .resumable_batches import ResumableBatches
from .validation_loop import ValidationLoop

__all__ = ['ExactResumeTrainLoop', 'ResumableBatches', 'ValidationLoop']
