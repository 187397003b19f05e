"""Paired image transforms: each draws its random parameters once per call (Python's
``random``, like the reference) and applies the same operation to every image of the list, so
A and B get the identical resize, crop and flip."""
from .make_divisible import MakeDivisible
from .paired_pipeline import REFERENCE_PREPROCESS, PairedPipeline, reference_pipeline
from .random_crop import ImageTooSmallError, RandomCrop
from .random_flip import RandomFlip
from .resize import INTERPOLATIONS, Resize
from .scale_width import ScaleWidth

__all__ = ['Resize', 'ScaleWidth', 'RandomCrop', 'RandomFlip', 'MakeDivisible',
           'PairedPipeline', 'reference_pipeline', 'REFERENCE_PREPROCESS', 'INTERPOLATIONS',
           'ImageTooSmallError']
