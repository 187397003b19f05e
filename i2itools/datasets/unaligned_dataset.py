"""Unpaired data: one folder of images per domain, ``{split}A`` and ``{split}B`` (CycleGAN)."""
import os
import random

from torch.utils.data import Dataset

from i2itools.registry import DATASETS

from .image_folder import list_images, load_image, require_folder, to_uint8_tensor
from .synthetic import builtin_names, ensure_builtin
from .transforms import PairedPipeline, reference_pipeline

DIRECTIONS = ('AtoB', 'BtoA')
#: the reference CycleGAN default: --preprocess resize_and_crop --load_size 286 --crop_size 256
DEFAULT_PIPELINE = tuple(reference_pipeline('resize_and_crop', 286, 256))


@DATASETS.register_module()
class UnalignedDataset(Dataset):
    """Two unpaired domains: ``data_root/{split}A/*`` and ``data_root/{split}B/*``.

    Reference ``UnalignedDataset``: the files of each folder (recursively, sorted) form the
    domain; the length is that of the larger domain. Item ``i`` holds A file ``i % len(A)`` and,
    with ``serial_batches``, B file ``i % len(B)``, otherwise a B file drawn uniformly with
    Python's ``random.randint``, as the reference does (seed ``random`` for repeatable pairs).
    ``direction='BtoA'`` swaps the folders: A is read from ``{split}B``. A domain whose channel
    count is 1 is converted to grayscale. A and B are unrelated, so the pipeline runs once per
    image: each gets its own random crop and flip.

    Items are ``dict(A=uint8 C x H x W tensor, B=..., A_path=str, B_path=str)``.

    Args:
        data_root (str): folder that holds the domain folders.
        split (str): prefix of the domain folders, e.g. 'train' (the reference ``--phase``).
        in_channels (int): channels of A after the swap, 1 or 3 (reference ``input_nc``).
        out_channels (int): channels of B after the swap, 1 or 3 (reference ``output_nc``).
        pipeline (Sequence[dict | callable]): transforms applied to each image on its own; the
            default is ``resize_and_crop`` 286 -> 256 with flip.
        serial_batches (bool): pair B file ``i % len(B)`` with item ``i`` instead of a random
            one (reference ``--serial_batches``).
        max_size (int | None): keep only the first ``max_size`` files of each domain.
        builtin (str | dict | None): an unaligned built-in dataset name (e.g. 'synth_stripes'),
            or ``dict(name=..., **generator options)``: if a folder of the split is missing the
            dataset is generated there first (safely when several processes do it at once).
        direction (str): 'AtoB' or 'BtoA'.
    """

    def __init__(self, data_root, split='train', in_channels=3, out_channels=3,
                 pipeline=DEFAULT_PIPELINE, serial_batches=False, max_size=None, builtin=None,
                 direction='AtoB'):
        if direction not in DIRECTIONS:
            raise ValueError(f"UnalignedDataset direction={direction!r} must be 'AtoB' or "
                             "'BtoA'")
        for name, value in (('in_channels', in_channels), ('out_channels', out_channels)):
            if value not in (1, 3):
                raise ValueError(f'UnalignedDataset {name}={value!r} is not supported: images '
                                 'are read as RGB (3) or converted to grayscale (1)')
        self.data_root = str(data_root)
        self.split = split
        self.direction = direction
        self.in_channels, self.out_channels = in_channels, out_channels
        self.serial_batches = serial_batches
        self.pipeline = PairedPipeline(pipeline)
        if builtin is not None:
            options = dict(builtin) if isinstance(builtin, dict) else dict(name=builtin)
            ensure_builtin(options.pop('name', None), self.data_root, split, layout='unaligned',
                           **options)
        domains = ('B', 'A') if direction == 'BtoA' else ('A', 'B')
        self.folders = tuple(os.path.join(self.data_root, split + d) for d in domains)
        self.A_paths, self.B_paths = (self._find_images(f, max_size) for f in self.folders)

    def _find_images(self, folder, max_size):
        unaligned = builtin_names('unaligned')
        name = os.path.basename(os.path.normpath(self.data_root))
        name = name if name in unaligned else 'NAME'
        hint = (
            'UnalignedDataset expects one folder of images per domain, unpaired:\n'
            f'  {self.data_root}/{self.split}A/0001.png ...  (domain A)\n'
            f'  {self.data_root}/{self.split}B/0001.png ...  (domain B)\n'
            f'To make a built-in dataset there, run `python tools/make_dataset.py {name} --root '
            f'{self.data_root}` or set builtin={name} (unaligned built-ins: '
            f'{", ".join(unaligned)}).')
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
        index %= len(self)
        a_path = self.A_paths[index % len(self.A_paths)]
        if self.serial_batches:
            b_path = self.B_paths[index % len(self.B_paths)]
        else:  # the reference draws B anew every time, so an epoch is not a fixed pairing
            b_path = self.B_paths[random.randint(0, len(self.B_paths) - 1)]
        a = self._load(a_path, self.in_channels)
        b = self._load(b_path, self.out_channels)
        return dict(A=a, B=b, A_path=a_path, B_path=b_path)

    def _load(self, path, channels):
        img = load_image(path, 'RGB')
        if channels == 1:
            img = img.convert('L')
        img, = self.pipeline([img])
        return to_uint8_tensor(img)

    def __repr__(self):
        pairing = 'serial' if self.serial_batches else 'random'
        return (f'UnalignedDataset({self.data_root!r}, split={self.split!r}, '
                f'direction={self.direction!r}, {len(self.A_paths)} A / {len(self.B_paths)} B '
                f'images, {pairing} pairing, {self.pipeline!r})')
