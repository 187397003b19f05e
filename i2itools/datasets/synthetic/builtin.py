"""The built-in datasets: generated on this machine, so that nothing is downloaded.

:data:`BUILTIN_DATASETS` maps a name to its generator, the folders it writes and which of them
each split needs; ``tools/make_dataset.py NAME`` and the datasets' ``builtin=NAME`` go through
it. Writing is atomic per folder: a dataset is generated into a hidden temporary folder and its
folders (and ground-truth files) are renamed into place, so concurrent writers (DDP ranks,
dataloader workers) never see half a folder, and when two race, the first rename wins and the
other's copy is thrown away.
"""
import inspect
import os
import shutil
import uuid
from dataclasses import dataclass, field
from typing import Callable

from . import synth_shapes, synth_stripes
from .synth_facades import SPLITS, generate_synth_facades

LAYOUTS = ('aligned', 'unaligned')


@dataclass(frozen=True)
class BuiltinDataset:
    """A generator ``generate(root, **options) -> {folder: count}`` and what it makes.

    Attributes:
        name (str): e.g. 'synth_facades'.
        generate (callable): writes every folder of the dataset under its first argument.
        description (str): one line for listings.
        folders (dict): split -> the folders a dataset reading that split needs; the default
            is the aligned layout, one folder per split named after it.
        layout (str): the dataset class that reads it: 'aligned' (``AlignedDataset``, A|B
            pairs) or 'unaligned' (``UnalignedDataset``, ``{split}A`` and ``{split}B``).
        ground_truth (dict): folder -> the files in the root that hold its ground truth (e.g.
            'train' -> ('train_modes.json',)); they are made, and required, with the folder.
    """
    name: str
    generate: Callable
    description: str
    folders: dict = field(default_factory=lambda: {split: (split,) for split in SPLITS})
    layout: str = 'aligned'
    ground_truth: dict = field(default_factory=dict)

    @property
    def splits(self):
        return tuple(self.folders)

    @property
    def all_folders(self):
        """Every folder the generator writes, each once, in the order of the splits."""
        return tuple(dict.fromkeys(f for group in self.folders.values() for f in group))

    def folders_for(self, split):
        """The folders needed to read ``split``: its group, or itself if it is one folder
        (e.g. 'testA' for a :class:`SingleDataset`)."""
        if split in self.folders:
            return self.folders[split]
        if split in self.all_folders:
            return (split,)
        raise ValueError(f'built-in dataset {self.name!r} has no split or folder {split!r}; '
                         f'its splits: {", ".join(self.splits)}; its folders: '
                         f'{", ".join(self.all_folders)}')

    def files_for(self, split):
        """The ground-truth files that go with the folders of ``split``."""
        return tuple(f for folder in self.folders_for(split)
                     for f in self.ground_truth.get(folder, ()))

    @property
    def defaults(self):
        """The generator's options and their default values."""
        params = list(inspect.signature(self.generate).parameters.values())[1:]
        return {p.name: p.default for p in params}


#: name -> built-in dataset
BUILTIN_DATASETS = {
    'synth_facades': BuiltinDataset(
        'synth_facades', generate_synth_facades,
        'label maps of rectangles (sky, wall, window, door, balcony, cornice, pillar) -> '
        'textured facade pictures; A|B pairs in train/val/test'),
    'synth_stripes': BuiltinDataset(
        'synth_stripes', synth_stripes.generate_synth_stripes,
        'unpaired plain shapes (A) and horizontally striped shapes (B) in trainA/trainB/'
        'testA/testB, with the true counterparts of the test images in testA_true_B/'
        'testB_true_A', folders=synth_stripes.SPLIT_FOLDERS, layout='unaligned'),
    'synth_shapes': BuiltinDataset(
        'synth_shapes', synth_shapes.generate_synth_shapes,
        'outlines of 1-3 shapes -> the shapes filled with one of K colours (the mode, drawn '
        'independently of A: one-to-many, for BicycleGAN); A|B pairs in train/val/test, the '
        'mode of each image in {split}_modes.json', ground_truth=synth_shapes.GROUND_TRUTH),
}


def builtin_names(layout=None):
    """Sorted names of the built-in datasets, of one ``layout`` if given."""
    return sorted(n for n, spec in BUILTIN_DATASETS.items() if layout in (None, spec.layout))


def get_builtin(name):
    """The :class:`BuiltinDataset` called ``name``; an unknown name lists the available ones."""
    try:
        return BUILTIN_DATASETS[name]
    except (KeyError, TypeError):
        raise ValueError(f'{name!r} is not a built-in dataset; available: '
                         f'{", ".join(sorted(BUILTIN_DATASETS))}') from None


def generate_builtin(name, root, **options):
    """Write the built-in dataset ``name`` into ``root`` (no atomicity); return the counts."""
    spec = get_builtin(name)
    unknown = sorted(set(options) - set(spec.defaults))
    if unknown:
        raise ValueError(f'built-in dataset {name!r} has no option {", ".join(unknown)}; '
                         f'its options (and defaults) are: {spec.defaults}')
    return spec.generate(root, **options)


def _scratch_folder(parent, name, kind='tmp'):
    """A new hidden folder in ``parent``, made with the usual permissions (unlike mkdtemp's)."""
    os.makedirs(parent, exist_ok=True)
    folder = os.path.join(parent, f'.{name}-{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}')
    os.mkdir(folder)
    return folder


def ensure_builtin(name, root, split, layout=None, **options):
    """Make sure the folders of ``split`` exist in ``root``, generating the built-in dataset
    ``name`` if any is missing.

    ``split`` is a split ('train': ``train`` for an aligned dataset, ``trainA`` and ``trainB``
    for an unaligned one) or one folder of the dataset ('testA'). ``layout``, if given, is the
    layout the caller reads ('aligned' or 'unaligned'); a dataset of another layout is refused.
    Every folder (or ground-truth file) that is missing is moved in from one fresh generation;
    one another process moved in first is kept. Returns True if this call generated anything.
    """
    spec = get_builtin(name)
    if layout is not None and layout != spec.layout:
        raise ValueError(f'built-in dataset {name!r} has the {spec.layout} layout, not the '
                         f'{layout} one this dataset reads; {layout} built-ins: '
                         f'{", ".join(builtin_names(layout)) or "none"}')
    needed, files = spec.folders_for(split), spec.files_for(split)
    if not _absent(root, needed, files):
        return False
    scratch = _scratch_folder(root, name)
    try:
        generate_builtin(name, scratch, **options)
        for made in sorted(os.listdir(scratch)):
            _move_in(os.path.join(scratch, made), os.path.join(root, made))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    missing = _absent(root, needed, files)
    if missing:
        raise ValueError(f"built-in dataset {name!r} made no {', '.join(missing)} with options "
                         f'{options}: give split {split!r} a positive number of images')
    return True


def _absent(root, folders, files):
    """The ``folders`` and ``files`` that are not in ``root``."""
    return ([f for f in folders if not os.path.isdir(os.path.join(root, f))]
            + [f for f in files if not os.path.isfile(os.path.join(root, f))])


def _move_in(source, target):
    """Rename ``source`` to ``target`` unless ``target`` exists: the one there already, or
    the (identical) copy another process moved in first, is kept."""
    if os.path.isfile(source):
        if not os.path.exists(target):
            # a file would replace another silently; when two race, both are the same
            os.replace(source, target)
        return
    try:
        os.rename(source, target)
    except OSError:
        if not os.path.isdir(target):
            raise


def write_builtin(name, root, force=False, **options):
    """Write the whole built-in dataset ``name`` to ``root``, as ``tools/make_dataset.py`` does.

    Refuses (``FileExistsError``) to replace a non-empty ``root`` unless ``force``; with it the
    new copy is generated beside the old one and swapped in. Returns the counts per split.
    """
    get_builtin(name)
    root = os.path.abspath(root)
    if os.path.isdir(root) and os.listdir(root) and not force:
        raise FileExistsError(f"'{root}' already exists and is not empty; pass --force "
                              '(force=True) to replace it, or choose another --root')
    if os.path.exists(root) and not os.path.isdir(root):
        raise FileExistsError(f"'{root}' exists and is not a folder; remove it or choose "
                              'another --root')
    parent = os.path.dirname(root)
    scratch = _scratch_folder(parent, name)
    old = None
    try:
        counts = generate_builtin(name, scratch, **options)
        if os.path.isdir(root):
            old = _scratch_folder(parent, name, 'old')
            os.rename(root, os.path.join(old, 'data'))
        try:
            os.rename(scratch, root)
        except OSError:
            if old:  # put the previous copy back rather than lose both
                os.rename(os.path.join(old, 'data'), root)
            raise
    finally:
        for leftover in (scratch, old):
            if leftover and os.path.isdir(leftover):
                shutil.rmtree(leftover, ignore_errors=True)
    return counts
