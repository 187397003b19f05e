"""Paired data as two folders of files with matching names: ``trainA/0001.png`` with
``trainB/0001.tif`` (what users usually have, rather than A|B side by side)."""
import os

from torch.utils.data import Dataset

from i2itools.registry import DATASETS

from .array_pipeline import transform_pair
from .bad_image_policy import BadImagePolicy
from .image_folder import DatasetError, list_images, require_folder
from .image_reader import ImageReader, check_channels, read_stored
from .sample_seeding import seeded_sample
from .startup_check import check_level, usable_items
from .stem_matching import match_by_stem, report_unmatched
from .transforms import PairedPipeline, reference_pipeline

DIRECTIONS = ('AtoB', 'BtoA')
#: the reference default: --preprocess resize_and_crop --load_size 286 --crop_size 256, flip
DEFAULT_PIPELINE = tuple(reference_pipeline('resize_and_crop', 286, 256))


@DATASETS.register_module()
class PairedFolderDataset(Dataset):
    """Pairs from two folders, ``data_root/{split}A`` and ``data_root/{split}B`` by default.

    The images of each folder (recursively) are matched by their path inside the folder without
    the extension, so ``trainA/sub/0001.png`` pairs with ``trainB/sub/0001.tif``; pairs are
    sorted by that name. Files without a partner stop the dataset, which names how many there
    are and the first ones (``unmatched='error'``), or are left out with a warning saying the
    same (``'skip'``). Images are read as :class:`AlignedDataset` reads its halves (8-bit 3 or 1
    channels as the reference converts them; 16-bit and 4 channels unchanged), and the pipeline
    resizes, crops and flips A and B identically; A and B files of different sizes need a
    ``Resize`` in it.

    Items are ``dict(A=C x H x W tensor, B=..., A_path=str, B_path=str)``, uint8 or uint16 as
    the files.

    Args:
        data_root (str | None): folder that holds the two folders; relative ``a_dir`` and
            ``b_dir`` are inside it.
        split (str): prefix of the default folders ``{split}A`` and ``{split}B``.
        a_dir (str | None): the A folder, instead of ``{split}A``.
        b_dir (str | None): the B folder, instead of ``{split}B``.
        direction (str): 'AtoB', or 'BtoA' to read A from the B folder and B from the A folder.
        in_channels (int): channels of A after the swap, 1, 3 or 4.
        out_channels (int): channels of B after the swap, 1, 3 or 4.
        pipeline (Sequence[dict | callable]): paired transforms; the default is the reference
            ``resize_and_crop`` 286 -> 256 with flip.
        max_size (int | None): keep only the first ``max_size`` pairs.
        unmatched (str): 'error' (default): files without a partner stop the dataset; 'skip':
            they are left out with an :class:`UnmatchedFilesWarning`.
        on_bad_image (str): 'error' (default) or 'skip', see :class:`BadImagePolicy`; pairs
            with a file found bad at start are left out (with one warning) or named.
        check_images (str): 'header' (default): when the dataset is built, every file's header
            is checked and the dataset's loading tried on each kind of file (see
            :mod:`.startup_check`); 'decode': every file is decoded as well; 'none': no check.
    """

    def __init__(self, data_root=None, split='train', a_dir=None, b_dir=None, direction='AtoB',
                 in_channels=3, out_channels=3, pipeline=DEFAULT_PIPELINE, max_size=None,
                 unmatched='error', on_bad_image='error', check_images='header'):
        if direction not in DIRECTIONS:
            raise DatasetError(f"PairedFolderDataset direction={direction!r} must be 'AtoB' or "
                               "'BtoA'")
        if data_root is None and (a_dir is None or b_dir is None):
            raise DatasetError('PairedFolderDataset needs data_root (to read '
                               '{data_root}/{split}A and {split}B) or both a_dir and b_dir.')
        self.data_root = None if data_root is None else str(data_root)
        self.split = split
        self.direction = direction
        self.in_channels = check_channels('PairedFolderDataset', 'in_channels', in_channels)
        self.out_channels = check_channels('PairedFolderDataset', 'out_channels', out_channels)
        self.pipeline = PairedPipeline(pipeline)
        self.reader = ImageReader('PairedFolderDataset')
        self.bad_images = BadImagePolicy(on_bad_image, 'PairedFolderDataset')
        check_level('PairedFolderDataset', check_images)
        folders = [self._folder(a_dir, 'A'), self._folder(b_dir, 'B')]
        self.folders = tuple(folders[::-1] if direction == 'BtoA' else folders)
        self.pairs = self._match(unmatched, max_size)
        kept = usable_items('PairedFolderDataset', self.pairs, self._load_pair, check_images,
                            on_bad_image)
        self.pairs = [self.pairs[i] for i in kept]

    def _folder(self, given, domain):
        folder = given if given is not None else f'{self.split}{domain}'
        return os.path.join(self.data_root, folder) if self.data_root else str(folder)

    def _match(self, unmatched, max_size):
        a_folder, b_folder = self.folders
        hint = ('PairedFolderDataset expects two folders of images whose names match without '
                f"the extension, e.g. '{a_folder}/0001.png' and '{b_folder}/0001.png'; set "
                'a_dir and b_dir to use other folders.')
        if self.data_root:
            require_folder(self.data_root, 'Dataset folder (data_root)', hint)
        paths = [list_images(folder, None, hint) for folder in self.folders]
        match = match_by_stem(paths[0], a_folder, paths[1], b_folder)
        report_unmatched(match, unmatched, f"PairedFolderDataset '{a_folder}' / '{b_folder}'",
                         "set the dataset's unmatched='skip'")
        if max_size is not None and max_size < 1:
            raise DatasetError(f'max_size must be a positive number of pairs or None, got '
                               f'{max_size!r}')
        return match.pairs[:max_size]

    def __len__(self):
        return len(self.pairs)

    @property
    def metainfo(self):
        """What mmengine's runner and visualizer record about the dataset."""
        return dict(dataset='PairedFolderDataset', folders=self.folders,
                    direction=self.direction, size=len(self))

    def __getitem__(self, index):
        with seeded_sample(index):
            return self.bad_images.load(self._load_pair, index, len(self))

    def _load_pair(self, index, read=read_stored):
        a_path, b_path = self.pairs[index]
        a = self.reader.fit(read(a_path), self.in_channels, 'in_channels', 'A')
        b = self.reader.fit(read(b_path), self.out_channels, 'out_channels', 'B')
        a, b = transform_pair(self.pipeline, a, b, f'{a_path} | {b_path}')
        return dict(A=a, B=b, A_path=a_path, B_path=b_path)

    def __repr__(self):
        return (f'PairedFolderDataset({self.folders[0]!r}, {self.folders[1]!r}, '
                f'direction={self.direction!r}, {len(self)} pairs, {self.pipeline!r})')
