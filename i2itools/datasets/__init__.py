"""Datasets and built-in synthetic data; importing registers them all."""
from .aligned_dataset import AlignedDataset
from .image_folder import (IMG_EXTENSIONS, DatasetError, DatasetNotFoundError, list_images,
                           load_image)
from .single_dataset import SingleDataset
from .synthetic import BUILTIN_DATASETS
from .transforms import PairedPipeline, reference_pipeline
from .unaligned_dataset import UnalignedDataset

__all__ = ['AlignedDataset', 'UnalignedDataset', 'SingleDataset', 'PairedPipeline',
           'reference_pipeline', 'BUILTIN_DATASETS', 'DatasetError', 'DatasetNotFoundError',
           'IMG_EXTENSIONS', 'list_images', 'load_image']
