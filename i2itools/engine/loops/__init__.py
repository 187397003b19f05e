"""Training loops: an iteration-based loop that resumes exactly where a checkpoint left off."""
from .exact_resume_train_loop import ExactResumeTrainLoop
from .resumable_batches import ResumableBatches

__all__ = ['ExactResumeTrainLoop', 'ResumableBatches']
