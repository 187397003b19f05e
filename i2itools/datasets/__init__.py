"""Datasets and built-in synthetic data; importing registers them all."""
from .aligned_dataset import AlignedDataset
from .bad_image_policy import BAD_IMAGE_POLICIES, BadImagePolicy, SkippedImageWarning
from .image_folder import (IMG_EXTENSIONS, DatasetError, DatasetNotFoundError,
                           UnreadableImageError, list_images, open_image)
from .image_reader import ImageConversionWarning, ImageReader
from .single_dataset import SingleDataset
from .synthetic import BUILTIN_DATASETS
from .transforms import PairedPipeline, reference_pipeline
from .unaligned_dataset import UnalignedDataset

__all__ = ['AlignedDataset', 'UnalignedDataset', 'SingleDataset', 'PairedPipeline',
           'reference_pipeline', 'BUILTIN_DATASETS', 'DatasetError', 'DatasetNotFoundError',
           'UnreadableImageError', 'IMG_EXTENSIONS', 'list_images', 'open_image', 'ImageReader',
           'ImageConversionWarning', 'BadImagePolicy', 'BAD_IMAGE_POLICIES',
           'SkippedImageWarning']
