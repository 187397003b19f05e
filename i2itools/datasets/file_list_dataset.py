"""Data listed in a CSV or text file: A,B path pairs, single images, or two unpaired lists."""
import os

from torch.utils.data import Dataset

from i2itools.registry import DATASETS

from .array_pipeline import transform_image, transform_pair
from .bad_image_policy import BadImagePolicy
from .file_list import read_file_list
from .image_folder import DatasetError
from .image_reader import ImageReader, check_channels, read_stored
from .sample_seeding import seeded_sample
from .startup_check import check_level, usable_items
from .transforms import PairedPipeline, reference_pipeline
from .unaligned_dataset import unpaired_paths, usable_domain

#: the reference default: --preprocess resize_and_crop --load_size 286 --crop_size 256, flip
DEFAULT_PIPELINE = tuple(reference_pipeline('resize_and_crop', 286, 256))
#: the channel setting of each side
SETTINGS = {'A': 'in_channels', 'B': 'out_channels'}


@DATASETS.register_module()
class FileListDataset(Dataset):
    """The images a list file names, one item a line (see :mod:`.file_list` for the format).

    What the list holds decides the items:

    - 2 paths a line (``a.png,b.png``): pairs, transformed together like
      :class:`AlignedDataset`'s: ``dict(A, B, A_path, B_path)``.
    - 1 path a line: single images under ``key``: ``dict(<key>, <key>_path)``, like
      :class:`SingleDataset`.
    - 1 path a line in ``list_file`` and in ``list_file_B``: two unpaired domains, like
      :class:`UnalignedDataset` (length of the longer list; B drawn at random, or B line
      ``i % len(B)`` with ``serial_batches``), each image transformed on its own.

    Images are read as the folder datasets read them (8-bit 3 or 1 channels converted as the
    reference does, 16-bit and 4 channels unchanged); A has ``in_channels``, B
    ``out_channels``. Every listed file must exist: the error lists the missing ones with their
    lines.

    Args:
        list_file (str): the list (``.csv``, or text with tab- or space-separated columns).
        data_root (str | None): folder the relative paths start from; default: the list's
            folder.
        list_file_B (str | None): a second list of 1 path a line, for unpaired B images.
        key (str): 'A' or 'B': the name of single images (lists of 1 path, no second list).
        in_channels (int): channels of A, 1, 3 or 4.
        out_channels (int): channels of B, 1, 3 or 4.
        pipeline (Sequence[dict | callable]): transforms; the default is the reference
            ``resize_and_crop`` 286 -> 256 with flip.
        serial_batches (bool): unpaired lists only: pair B line ``i % len(B)`` with item ``i``
            instead of a random one.
        max_size (int | None): keep only the first ``max_size`` lines of each list.
        on_bad_image (str): 'error' (default) or 'skip', see :class:`BadImagePolicy`; lines
            with a file found bad at start are left out (with one warning) or named.
        check_images (str): 'header' (default): when the dataset is built, every file's header
            is checked and the dataset's loading tried on each kind of file (see
            :mod:`.startup_check`); 'decode': every file is decoded as well; 'none': no check.
    """

    def __init__(self, list_file, data_root=None, list_file_B=None, key='A', in_channels=3,
                 out_channels=3, pipeline=DEFAULT_PIPELINE, serial_batches=False, max_size=None,
                 on_bad_image='error', check_images='header'):
        if key not in SETTINGS:
            raise DatasetError(f"FileListDataset key={key!r} must be 'A' or 'B'")
        if max_size is not None and max_size < 1:
            raise DatasetError(f'max_size must be a positive number of lines or None, got '
                               f'{max_size!r}')
        self.list_file = str(list_file)
        self.data_root = str(data_root) if data_root is not None else (
            os.path.dirname(self.list_file) or '.')
        self.channels = dict(A=check_channels('FileListDataset', 'in_channels', in_channels),
                             B=check_channels('FileListDataset', 'out_channels', out_channels))
        self.pipeline = PairedPipeline(pipeline)
        self.reader = ImageReader('FileListDataset')
        self.bad_images = BadImagePolicy(on_bad_image, 'FileListDataset')
        check_level('FileListDataset', check_images)
        self.serial_batches = serial_batches
        self.items = read_file_list(self.list_file, self.data_root,
                                    ('A',) if list_file_B else None)[:max_size]
        if list_file_B:
            b_items = read_file_list(str(list_file_B), self.data_root, ('B',))[:max_size]
            self.unpaired = ([a for a, in self.items], [b for b, in b_items])
        self.kind = ('unpaired' if list_file_B else 'paired' if len(self.items[0]) == 2
                     else 'single')
        self.key = key if self.kind == 'single' else None
        self._refuse_unused(key, serial_batches)
        self._leave_out_bad_files(check_images, on_bad_image)

    def _refuse_unused(self, key, serial_batches):
        """Options of another kind of list would silently do nothing: refuse them."""
        if serial_batches and self.kind != 'unpaired':
            raise DatasetError('FileListDataset serial_batches=True pairs unpaired lists; '
                               f"'{self.list_file}' holds {self.kind} images and no list_file_B "
                               'is set.')
        if key != 'A' and self.kind != 'single':
            raise DatasetError(f"FileListDataset key={key!r} names single images, but "
                               f"'{self.list_file}' holds {self.kind} images: leave key out.")

    def _leave_out_bad_files(self, level, policy):
        if self.kind == 'unpaired':
            self.unpaired = tuple(
                usable_domain('FileListDataset', paths, self._transformed, side, level, policy)
                for paths, side in zip(self.unpaired, 'AB'))
        else:
            kept = usable_items('FileListDataset', self.items, self._load_item, level, policy)
            self.items = [self.items[i] for i in kept]

    def __len__(self):
        if self.kind == 'unpaired':
            return max(map(len, self.unpaired))
        return len(self.items)

    @property
    def metainfo(self):
        """What mmengine's runner and visualizer record about the dataset."""
        return dict(dataset='FileListDataset', list_file=self.list_file,
                    data_root=self.data_root, kind=self.kind, size=len(self))

    def __getitem__(self, index):
        if not -len(self) <= index < len(self):
            raise IndexError(f'FileListDataset index {index} out of range for {len(self)} items')
        with seeded_sample(index):
            return self.bad_images.load(self._load_item, index % len(self), len(self))

    def _load_item(self, index, read=read_stored):
        if self.kind == 'paired':
            a_path, b_path = self.items[index]
            a, b = transform_pair(self.pipeline, self._pixels(a_path, 'A', read),
                                  self._pixels(b_path, 'B', read), f'{a_path} | {b_path}')
            return dict(A=a, B=b, A_path=a_path, B_path=b_path)
        if self.kind == 'single':
            path, = self.items[index]
            return {self.key: self._transformed(path, self.key, read), f'{self.key}_path': path}
        a_path, b_path = unpaired_paths(index, *self.unpaired, self.serial_batches)
        return dict(A=self._transformed(a_path, 'A'), B=self._transformed(b_path, 'B'),
                    A_path=a_path, B_path=b_path)

    def _pixels(self, path, side, read=read_stored):
        return self.reader.fit(read(path), self.channels[side], SETTINGS[side], side)

    def _transformed(self, path, side, read=read_stored):
        return transform_image(self.pipeline, self._pixels(path, side, read), path)

    def __repr__(self):
        return (f'FileListDataset({self.list_file!r}, {self.kind}, {len(self)} items, '
                f'{self.pipeline!r})')
