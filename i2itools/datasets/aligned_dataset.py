"""Paired data stored as one image per pair, A on the left and B on the right (pix2pix layout)."""
import os

from torch.utils.data import Dataset

from i2itools.registry import DATASETS

from .bad_image_policy import BadImagePolicy
from .image_folder import DatasetError, list_images, require_folder, to_uint8_tensor
from .image_reader import ImageReader, check_channels
from .synthetic import builtin_names, ensure_builtin
from .transforms import PairedPipeline, reference_pipeline

DIRECTIONS = ('AtoB', 'BtoA')
#: the reference default: --preprocess resize_and_crop --load_size 286 --crop_size 256, flip
DEFAULT_PIPELINE = tuple(reference_pipeline('resize_and_crop', 286, 256))


@DATASETS.register_module()
class AlignedDataset(Dataset):
    """Pairs stored side by side: ``data_root/split/*.png``, each image ``A | B``.

    Reference ``AlignedDataset``: the files under ``data_root/split`` (recursively, sorted) are
    split at ``width // 2`` into A (left) and B (right); ``direction='BtoA'`` swaps them. Files
    are read as RGB (a grayscale, RGBA or palette file is converted, with a warning naming the
    first of each kind); a side whose channel count is 1 is then converted to grayscale before
    the pipeline (reference ``Grayscale(1)``). The pipeline then resizes, crops and flips A and
    B identically.

    Items are ``dict(A=uint8 C x H x W tensor, B=..., A_path=str, B_path=str)``, both paths the
    pair's file; scaling to [-1, 1] is the data preprocessor's job.

    Args:
        data_root (str): folder that holds the split folders.
        split (str): sub-folder to read, e.g. 'train' (the reference ``--phase``).
        direction (str): 'AtoB' or 'BtoA'.
        in_channels (int): channels of A after the swap, 1 or 3 (reference ``input_nc``).
        out_channels (int): channels of B after the swap, 1 or 3 (reference ``output_nc``).
        pipeline (Sequence[dict | callable]): paired transforms, see
            :func:`~i2itools.datasets.transforms.reference_pipeline` for the reference presets;
            the default is ``resize_and_crop`` 286 -> 256 with flip.
        max_size (int | None): keep only the first ``max_size`` files (``max_dataset_size``).
        builtin (str | dict | None): a built-in dataset name (e.g. 'synth_facades'), or a dict
            ``dict(name=..., **generator options)``: if ``data_root/split`` is missing it is
            generated there first (safely when several processes do it at once).
        on_bad_image (str): 'error' (default) stops at an unreadable file, naming it; 'skip'
            warns, counts it and serves the next pair instead (see :class:`BadImagePolicy`).
    """

    def __init__(self, data_root, split='train', direction='AtoB', in_channels=3,
                 out_channels=3, pipeline=DEFAULT_PIPELINE, max_size=None, builtin=None,
                 on_bad_image='error'):
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
        if builtin is not None:
            options = dict(builtin) if isinstance(builtin, dict) else dict(name=builtin)
            ensure_builtin(options.pop('name', None), self.data_root, split, layout='aligned',
                           **options)
        self.paths = self._find_pairs(max_size)

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
        return self.bad_images.load(self._load_pair, index, len(self))

    def _load_pair(self, index):
        path = self.paths[index]
        pair = self.reader.read(path, 3 if 3 in (self.in_channels, self.out_channels) else 1)
        width, height = pair.size
        if width % 2:
            raise DatasetError(
                f"'{path}' is {width}x{height}: an aligned pair is A and B side by side, so its "
                'width must be even (twice the width of A). Fix or remove this file.')
        half = width // 2
        a, b = pair.crop((0, 0, half, height)), pair.crop((half, 0, width, height))
        if self.direction == 'BtoA':
            a, b = b, a
        if self.in_channels == 1:
            a = a.convert('L')
        if self.out_channels == 1:
            b = b.convert('L')
        a, b = self.pipeline([a, b], path)
        if a.size != b.size:
            raise DatasetError(
                f"'{path}': after the pipeline A is {a.size[0]}x{a.size[1]} but B is "
                f'{b.size[0]}x{b.size[1]}; every transform must treat A and B alike '
                f'({self.pipeline!r}).')
        return dict(A=to_uint8_tensor(a), B=to_uint8_tensor(b), A_path=path, B_path=path)

    def __repr__(self):
        return (f'AlignedDataset({self.data_root!r}, split={self.split!r}, '
                f'direction={self.direction!r}, {len(self)} pairs, {self.pipeline!r})')
