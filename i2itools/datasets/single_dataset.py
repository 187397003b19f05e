"""One folder of images, for translating in one direction at test time (reference
``SingleDataset``)."""
import os

from torch.utils.data import Dataset

from i2itools.registry import DATASETS

from .array_pipeline import transform_image
from .bad_image_policy import BadImagePolicy
from .image_folder import (DatasetError, describe_folder, is_image_file, list_images,
                           require_folder)
from .image_reader import ImageReader, check_channels, read_stored
from .sample_seeding import seeded_sample
from .startup_check import check_level, usable_items
from .synthetic import ensure_builtin
from .transforms import PairedPipeline

#: no crop, no flip: sides rounded to a multiple of 4, as the reference ``--preprocess none``
DEFAULT_TEST_PIPELINE = (dict(type='MakeDivisible', base=4),)


@DATASETS.register_module()
class SingleDataset(Dataset):
    """Every image under ``data_root`` (recursively, sorted), each an item on its own.

    Items are ``dict(<key>=C x H x W tensor, <key>_path=str)``, e.g. ``A`` and ``A_path`` for a
    model that translates A to B; the tensor is uint8 or uint16 as the file.

    ``data_root`` is the image folder itself (``datasets/horse2zebra/testA``, a folder of
    photos). A folder that holds no image of its own but domain folders such as ``testA/`` and
    ``testB/`` is refused, since reading it recursively would mix the two domains. An 8-bit
    grayscale, RGBA or palette file read as 3 channels is converted, with a warning naming the
    first of each kind; 16-bit files and 4 channels are read unchanged (see
    :class:`ImageReader`).

    Args:
        data_root (str): the folder of images.
        key (str): name of the item's image, and of its path as ``<key>_path``: 'A' or 'B'.
        channels (int): 3 (RGB), 1 (grey; 8-bit colour is converted) or 4 (RGB + alpha).
        pipeline (Sequence[dict | callable]): transforms applied to each image; the default
            only rounds the sides to a multiple of 4.
        max_size (int | None): keep only the first ``max_size`` files.
        builtin (str | dict | None): a built-in dataset name, or ``dict(name=..., **options)``:
            if ``data_root`` is missing and is one of that dataset's folders (e.g.
            ``data/synth_stripes/testA``), the dataset is generated in its parent first.
        on_bad_image (str): 'error' (default) stops at an unreadable file, naming it; 'skip'
            warns, counts it and serves the next image instead (see :class:`BadImagePolicy`);
            files found bad at start are left out (with one warning) or named.
        check_images (str): 'header' (default): when the dataset is built, every file's header
            is checked and the dataset's loading tried on each kind of file (see
            :mod:`.startup_check`); 'decode': every file is decoded as well; 'none': no check.
    """

    def __init__(self, data_root, key='A', channels=3, pipeline=DEFAULT_TEST_PIPELINE,
                 max_size=None, builtin=None, on_bad_image='error', check_images='header'):
        if not isinstance(key, str) or not key or key.endswith('_path'):
            raise DatasetError(f"SingleDataset key={key!r} must be a name such as 'A' or 'B' "
                               "(the path is stored under '<key>_path')")
        self.data_root = str(data_root)
        self.key = key
        self.channels = check_channels('SingleDataset', 'channels', channels)
        self.pipeline = PairedPipeline(pipeline)
        self.reader = ImageReader('SingleDataset')
        self.bad_images = BadImagePolicy(on_bad_image, 'SingleDataset')
        check_level('SingleDataset', check_images)
        if builtin is not None:
            options = dict(builtin) if isinstance(builtin, dict) else dict(name=builtin)
            folder = os.path.normpath(self.data_root)
            ensure_builtin(options.pop('name', None), os.path.dirname(folder) or '.',
                           os.path.basename(folder), **options)
        self.paths = self._find_images(max_size)
        kept = usable_items('SingleDataset', [(p,) for p in self.paths], self._load_image,
                            check_images, on_bad_image)
        self.paths = [self.paths[i] for i in kept]

    def _find_images(self, max_size):
        hint = ('SingleDataset reads every image under one folder (recursively), e.g. '
                f'{self.data_root}/0001.png; point data_root at the folder of images itself, '
                'such as datasets/horse2zebra/testA.')
        require_folder(self.data_root, 'Image folder (data_root)', hint)
        self._refuse_domain_folders()
        return list_images(self.data_root, max_size, hint)

    def _refuse_domain_folders(self):
        entries = os.listdir(self.data_root)
        if any(is_image_file(e) for e in entries):
            return
        subs = {e for e in entries if os.path.isdir(os.path.join(self.data_root, e))}
        domains = sorted(s for s in subs if s.endswith('A') and s[:-1] + 'B' in subs)
        if domains:
            example = os.path.join(self.data_root, domains[0])
            raise DatasetError(
                f"'{self.data_root}' holds domain folders ({describe_folder(self.data_root)}) "
                'rather than images: read recursively it would mix both domains. Set '
                f"data_root to one of them, e.g. '{example}'.")

    def __len__(self):
        return len(self.paths)

    @property
    def metainfo(self):
        """What mmengine's runner and visualizer record about the dataset."""
        return dict(dataset='SingleDataset', data_root=self.data_root, key=self.key,
                    size=len(self))

    def __getitem__(self, index):
        with seeded_sample(index):
            return self.bad_images.load(self._load_image, index, len(self))

    def _load_image(self, index, read=read_stored):
        path = self.paths[index]
        pixels = self.reader.fit(read(path), self.channels, 'channels', self.key)
        return {self.key: transform_image(self.pipeline, pixels, path),
                f'{self.key}_path': path}

    def __repr__(self):
        return (f'SingleDataset({self.data_root!r}, key={self.key!r}, {len(self)} images, '
                f'{self.pipeline!r})')
