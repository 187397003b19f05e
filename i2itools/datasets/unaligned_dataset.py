"""Unpaired data: one folder of images per domain, ``{split}A`` and ``{split}B`` (CycleGAN)."""
import os
import random

from torch.utils.data import Dataset

from i2itools.registry import DATASETS

from .array_pipeline import transform_image
from .bad_image_policy import BadImagePolicy
from .image_folder import DatasetError, list_images, require_folder
from .image_reader import ImageReader, check_channels, read_stored
from .sample_seeding import seeded_sample
from .startup_check import check_level, usable_items
from .synthetic import builtin_names, ensure_builtin
from .transforms import PairedPipeline, reference_pipeline

DIRECTIONS = ('AtoB', 'BtoA')
#: the channel setting of each side
SETTINGS = {'A': 'in_channels', 'B': 'out_channels'}
#: the reference CycleGAN default: --preprocess resize_and_crop --load_size 286 --crop_size 256
DEFAULT_PIPELINE = tuple(reference_pipeline('resize_and_crop', 286, 256))


def unpaired_paths(index, a_paths, b_paths, serial_batches):
    """The A and B files of unpaired item ``index``: A file ``index % len(A)``; B file
    ``index % len(B)`` with ``serial_batches``, else one drawn with Python's ``random``."""
    a_path = a_paths[index % len(a_paths)]
    if serial_batches:
        return a_path, b_paths[index % len(b_paths)]
    # the reference draws B anew every time, so an epoch is not a fixed pairing
    return a_path, b_paths[random.randint(0, len(b_paths) - 1)]


def usable_domain(owner, paths, load, side, level, policy):
    """The files of the unpaired domain ``side`` ('A' or 'B') that can be used (see
    :func:`usable_items`); ``load(path, side, read)`` loads one of them."""
    kept = usable_items(owner, [(p,) for p in paths], lambda i, read: load(paths[i], side, read),
                        level, policy)
    return [paths[i] for i in kept]


@DATASETS.register_module()
class UnalignedDataset(Dataset):
    """Two unpaired domains: ``data_root/{split}A/*`` and ``data_root/{split}B/*``.

    Reference ``UnalignedDataset``: the files of each folder (recursively, sorted) form the
    domain; the length is that of the larger domain. Item ``i`` holds A file ``i % len(A)`` and,
    with ``serial_batches``, B file ``i % len(B)``, otherwise a B file drawn uniformly with
    Python's ``random.randint``, as the reference does (in training from the sample's own seed,
    see :func:`seeded_sample`; for ``dataset[i]`` seed ``random`` for repeatable pairs).
    ``direction='BtoA'`` swaps the folders: A is read from ``{split}B``. 8-bit files are read as
    RGB (a grayscale, RGBA or palette file is converted, with a warning naming the first of each
    kind), or as grayscale for a domain whose channel count is 1; 16-bit files and 4 channels
    are read unchanged (see :class:`ImageReader`). A and B are unrelated, so the pipeline runs
    once per image: each gets its own random crop and flip.

    Items are ``dict(A=C x H x W tensor, B=..., A_path=str, B_path=str)``, uint8 or uint16 as
    the files.

    Args:
        data_root (str): folder that holds the domain folders.
        split (str): prefix of the domain folders, e.g. 'train' (the reference ``--phase``).
        in_channels (int): channels of A after the swap, 1, 3 or 4 (reference ``input_nc``).
        out_channels (int): channels of B after the swap, 1, 3 or 4 (reference ``output_nc``).
        pipeline (Sequence[dict | callable]): transforms applied to each image on its own; the
            default is ``resize_and_crop`` 286 -> 256 with flip.
        serial_batches (bool): pair B file ``i % len(B)`` with item ``i`` instead of a random
            one (reference ``--serial_batches``).
        max_size (int | None): keep only the first ``max_size`` files of each domain.
        builtin (str | dict | None): an unaligned built-in dataset name (e.g. 'synth_stripes'),
            or ``dict(name=..., **generator options)``: if a folder of the split is missing the
            dataset is generated there first (safely when several processes do it at once).
        direction (str): 'AtoB' or 'BtoA'.
        on_bad_image (str): 'error' (default) stops at an unreadable file, naming it; 'skip'
            warns, counts it and serves the next item instead (see :class:`BadImagePolicy`);
            files found bad at start are left out (with one warning) or named.
        check_images (str): 'header' (default): when the dataset is built, every file's header
            is checked and the dataset's loading tried on each kind of file (see
            :mod:`.startup_check`); 'decode': every file is decoded as well; 'none': no check.
    """

    def __init__(self, data_root, split='train', in_channels=3, out_channels=3,
                 pipeline=DEFAULT_PIPELINE, serial_batches=False, max_size=None, builtin=None,
                 direction='AtoB', on_bad_image='error', check_images='header'):
        if direction not in DIRECTIONS:
            raise DatasetError(f"UnalignedDataset direction={direction!r} must be 'AtoB' or "
                               "'BtoA'")
        self.data_root = str(data_root)
        self.split = split
        self.direction = direction
        self.in_channels = check_channels('UnalignedDataset', 'in_channels', in_channels)
        self.out_channels = check_channels('UnalignedDataset', 'out_channels', out_channels)
        self.serial_batches = serial_batches
        self.pipeline = PairedPipeline(pipeline)
        self.reader = ImageReader('UnalignedDataset')
        self.bad_images = BadImagePolicy(on_bad_image, 'UnalignedDataset')
        check_level('UnalignedDataset', check_images)
        if builtin is not None:
            options = dict(builtin) if isinstance(builtin, dict) else dict(name=builtin)
            ensure_builtin(options.pop('name', None), self.data_root, split, layout='unaligned',
                           **options)
        domains = ('B', 'A') if direction == 'BtoA' else ('A', 'B')
        self.folders = tuple(os.path.join(self.data_root, split + d) for d in domains)
        self.A_paths, self.B_paths = (self._find_images(f, max_size) for f in self.folders)
        self.A_paths, self.B_paths = (
            usable_domain('UnalignedDataset', paths, self._load, side, check_images, on_bad_image)
            for paths, side in ((self.A_paths, 'A'), (self.B_paths, 'B')))

    def _find_images(self, folder, max_size):
        unaligned = builtin_names('unaligned')
        name = os.path.basename(os.path.normpath(self.data_root))
        name = name if name in unaligned else 'NAME'
        hint = (
            'UnalignedDataset expects one folder of images per domain, unpaired: '
            f'{self.data_root}/{self.split}A/0001.png ... (domain A) and '
            f'{self.data_root}/{self.split}B/0001.png ... (domain B); to make a built-in dataset '
            f'there, run `python tools/make_dataset.py {name} --root {self.data_root}` or set '
            f'builtin={name} (unaligned built-ins: {", ".join(unaligned)}).')
        require_folder(self.data_root, 'Dataset folder (data_root)', hint)
        require_folder(folder, f'Domain folder for split={self.split!r}', hint)
        return list_images(folder, max_size, hint)

    def __len__(self):
        return max(len(self.A_paths), len(self.B_paths))

    @property
    def metainfo(self):
        """What mmengine's runner and visualizer record about the dataset."""
        return dict(dataset='UnalignedDataset', data_root=self.data_root, split=self.split,
                    direction=self.direction, size=len(self), size_A=len(self.A_paths),
                    size_B=len(self.B_paths), serial_batches=self.serial_batches)

    def __getitem__(self, index):
        if not -len(self) <= index < len(self):
            raise IndexError(f'UnalignedDataset index {index} out of range for {len(self)} items')
        with seeded_sample(index):
            return self.bad_images.load(self._load_pair, index % len(self), len(self))

    def _load_pair(self, index):
        a_path, b_path = unpaired_paths(index, self.A_paths, self.B_paths, self.serial_batches)
        a = self._load(a_path, 'A')
        b = self._load(b_path, 'B')
        return dict(A=a, B=b, A_path=a_path, B_path=b_path)

    def _load(self, path, side, read=read_stored):
        channels = self.in_channels if side == 'A' else self.out_channels
        pixels = self.reader.fit(read(path), channels, SETTINGS[side], side)
        return transform_image(self.pipeline, pixels, path)

    def __repr__(self):
        pairing = 'serial' if self.serial_batches else 'random'
        return (f'UnalignedDataset({self.data_root!r}, split={self.split!r}, '
                f'direction={self.direction!r}, {len(self.A_paths)} A / {len(self.B_paths)} B '
                f'images, {pairing} pairing, {self.pipeline!r})')
