"""Datasets and built-in synthetic data; importing registers them all."""
from .aligned_dataset import AlignedDataset
from .bad_image_policy import BAD_IMAGE_POLICIES, BadImagePolicy, SkippedImageWarning
from .file_list_dataset import FileListDataset
from .image_folder import (IMG_EXTENSIONS, DatasetError, DatasetNotFoundError, LeftOutFilesWarning,
                           UnreadableImageError, list_images, open_image)
from .image_reader import (CHANNELS, ImageConversionWarning, ImageReader, StoredImage,
                           bits_per_sample, read_stored)
from .paired_folder_dataset import PairedFolderDataset
from .sample_seeding import SampleIndex, SampleKey, sample_key, seeded_sample
from .side_by_side import join_side_by_side, split_side_by_side
from .single_dataset import SingleDataset
from .stem_matching import (UNMATCHED_POLICIES, UnmatchedFilesWarning, match_by_stem,
                            report_unmatched)
from .synthetic import BUILTIN_DATASETS
from .transforms import PairedPipeline, reference_pipeline
from .unaligned_dataset import UnalignedDataset

__all__ = ['AlignedDataset', 'UnalignedDataset', 'SingleDataset', 'PairedFolderDataset',
           'FileListDataset', 'PairedPipeline', 'reference_pipeline', 'BUILTIN_DATASETS',
           'DatasetError', 'DatasetNotFoundError', 'UnreadableImageError', 'IMG_EXTENSIONS',
           'LeftOutFilesWarning',
           'list_images', 'open_image', 'ImageReader', 'ImageConversionWarning', 'StoredImage',
           'read_stored', 'bits_per_sample', 'CHANNELS', 'BadImagePolicy', 'BAD_IMAGE_POLICIES',
           'SkippedImageWarning', 'UNMATCHED_POLICIES', 'UnmatchedFilesWarning', 'match_by_stem',
           'report_unmatched', 'join_side_by_side', 'split_side_by_side', 'SampleIndex',
           'SampleKey', 'sample_key', 'seeded_sample']
