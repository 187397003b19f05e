"""Paired data stored as one image per pair, A on the left and B on the right (pix2pix layout)."""
import os
from dataclasses import replace

from torch.utils.data import Dataset

from i2itools.registry import DATASETS

from .array_pipeline import transform_pair
from .bad_image_policy import BadImagePolicy
from .image_folder import DatasetError, list_images, require_folder
from .image_reader import ImageReader, check_channels, read_stored
from .sample_seeding import seeded_sample
from .side_by_side import split_side_by_side
from .startup_check import check_level, usable_items
from .synthetic import builtin_names, ensure_builtin
from .transforms import PairedPipeline, reference_pipeline

DIRECTIONS = ('AtoB', 'BtoA')
#: the reference default: --preprocess resize_and_crop --load_size 286 --crop_size 256, flip
DEFAULT_PIPELINE = tuple(reference_pipeline('resize_and_crop', 286, 256))


@DATASETS.register_module()
class AlignedDataset(Dataset):
    """Pairs stored side by side: ``data_root/split/*.png``, each image ``A | B``.

    Reference ``AlignedDataset``: the files under ``data_root/split`` (recursively, sorted) are
    split at ``width // 2`` into A (left) and B (right); ``direction='BtoA'`` swaps them. An
    8-bit side of 3 or 1 channels is converted as the reference does: to RGB (a grayscale, RGBA
    or palette file is converted, with a warning naming the first of each kind), then to
    grayscale for 1 channel (reference ``Grayscale(1)``). 16-bit files and 4-channel sides are
    read unchanged and must have the channels asked for (see :class:`ImageReader`). The
    pipeline then resizes, crops and flips A and B identically.

    Items are ``dict(A=C x H x W tensor, B=..., A_path=str, B_path=str)``, uint8 or uint16 as
    the file, both paths the pair's file; scaling to [-1, 1] is the data preprocessor's job.

    Args:
        data_root (str): folder that holds the split folders.
        split (str): sub-folder to read, e.g. 'train' (the reference ``--phase``).
        direction (str): 'AtoB' or 'BtoA'.
        in_channels (int): channels of A after the swap, 1, 3 or 4 (reference ``input_nc``).
        out_channels (int): channels of B after the swap, 1, 3 or 4 (reference ``output_nc``).
        pipeline (Sequence[dict | callable]): paired transforms, see
            :func:`~i2itools.datasets.transforms.reference_pipeline` for the reference presets;
            the default is ``resize_and_crop`` 286 -> 256 with flip.
        max_size (int | None): keep only the first ``max_size`` files (``max_dataset_size``).
        builtin (str | dict | None): a built-in dataset name (e.g. 'synth_facades'), or a dict
            ``dict(name=..., **generator options)``: if ``data_root/split`` is missing it is
            generated there first (safely when several processes do it at once).
        on_bad_image (str): 'error' (default) stops at an unreadable file, naming it; 'skip'
            warns, counts it and serves the next pair instead (see :class:`BadImagePolicy`);
            files found bad at start are left out (with one warning) or named.
        check_images (str): 'header' (default): when the dataset is built, every file's header
            is checked and the dataset's loading tried on each kind of file (see
            :mod:`.startup_check`); 'decode': every file is decoded as well; 'none': no check.
    """

    def __init__(self, data_root, split='train', direction='AtoB', in_channels=3,
                 out_channels=3, pipeline=DEFAULT_PIPELINE, max_size=None, builtin=None,
                 on_bad_image='error', check_images='header'):
        if direction not in DIRECTIONS:
            raise DatasetError(f"AlignedDataset direction={direction!r} must be 'AtoB' or "
                               "'BtoA'")
        self.data_root = str(data_root)
        self.split = split
        self.direction = direction
        self.in_channels = check_channels('AlignedDataset', 'in_channels', in_channels)
        self.out_channels = check_channels('AlignedDataset', 'out_channels', out_channels)
        self.pipeline = PairedPipeline(pipeline)
        self.reader = ImageReader('AlignedDataset')
        self.bad_images = BadImagePolicy(on_bad_image, 'AlignedDataset')
        check_level('AlignedDataset', check_images)
        if builtin is not None:
            options = dict(builtin) if isinstance(builtin, dict) else dict(name=builtin)
            ensure_builtin(options.pop('name', None), self.data_root, split, layout='aligned',
                           **options)
        self.paths = self._find_pairs(max_size)
        kept = usable_items('AlignedDataset', [(p,) for p in self.paths], self._load_pair,
                            check_images, on_bad_image)
        self.paths = [self.paths[i] for i in kept]

    def _find_pairs(self, max_size):
        folder = os.path.join(self.data_root, self.split)
        name = os.path.basename(os.path.normpath(self.data_root))
        make = (f'python tools/make_dataset.py {name} --root {self.data_root}'
                if name in builtin_names('aligned') else
                f'python tools/make_dataset.py NAME --root {self.data_root}')
        hint = (
            'AlignedDataset expects one image per pair, A and B side by side (A = left half, '
            f'B = right half), e.g. {self.data_root}/{self.split}/0001.png; to make a built-in '
            f'dataset there, run `{make}` or set builtin=NAME (available: '
            f'{", ".join(builtin_names("aligned"))}).')
        require_folder(self.data_root, 'Dataset folder (data_root)', hint)
        require_folder(folder, f"Split folder for split={self.split!r}", hint)
        return list_images(folder, max_size, hint)

    def __len__(self):
        return len(self.paths)

    @property
    def metainfo(self):
        """What mmengine's runner and visualizer record about the dataset."""
        return dict(dataset='AlignedDataset', data_root=self.data_root, split=self.split,
                    direction=self.direction, size=len(self))

    def __getitem__(self, index):
        with seeded_sample(index):
            return self.bad_images.load(self._load_pair, index, len(self))

    def _load_pair(self, index, read=read_stored):
        path = self.paths[index]
        pair = read(path)
        a, b = (replace(pair, pixels=half) for half in split_side_by_side(pair.pixels, path))
        if self.direction == 'BtoA':
            a, b = b, a
        a, b = transform_pair(self.pipeline,
                              self.reader.fit(a, self.in_channels, 'in_channels', 'A'),
                              self.reader.fit(b, self.out_channels, 'out_channels', 'B'), path)
        return dict(A=a, B=b, A_path=path, B_path=path)

    def __repr__(self):
        return (f'AlignedDataset({self.data_root!r}, split={self.split!r}, '
                f'direction={self.direction!r}, {len(self)} pairs, {self.pipeline!r})')
