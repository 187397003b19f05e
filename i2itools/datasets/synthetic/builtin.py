"""The built-in datasets: generated on this machine, so that nothing is downloaded.

:data:`BUILTIN_DATASETS` maps a name to its generator and default arguments; both
``tools/make_dataset.py NAME`` and ``AlignedDataset(builtin=NAME)`` go through it. Writing is
atomic per split folder: a dataset is generated into a hidden temporary folder and renamed into
place, so concurrent writers (DDP ranks, dataloader workers) never see half a split, and when
two race, the first rename wins and the other's copy is thrown away.
"""
import inspect
import os
import shutil
import uuid
from dataclasses import dataclass
from typing import Callable

from .synth_facades import SPLITS, generate_synth_facades


@dataclass(frozen=True)
class BuiltinDataset:
    """A generator ``generate(root, **options) -> {split: count}`` and what it makes."""
    name: str
    generate: Callable
    description: str
    splits: tuple = SPLITS

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
}


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


def ensure_builtin(name, root, split, **options):
    """Make sure ``root/split`` exists, generating the built-in dataset ``name`` if it does not.

    Every split that is missing is moved in from one fresh generation; a split another process
    moved in first is kept. Returns True if this call generated anything.
    """
    spec = get_builtin(name)
    if split not in spec.splits:
        raise ValueError(f"built-in dataset {name!r} has no split {split!r}; it makes: "
                         f'{", ".join(spec.splits)}')
    if os.path.isdir(os.path.join(root, split)):
        return False
    scratch = _scratch_folder(root, name)
    try:
        generate_builtin(name, scratch, **options)
        for made in sorted(os.listdir(scratch)):
            try:
                os.rename(os.path.join(scratch, made), os.path.join(root, made))
            except OSError:
                if not os.path.isdir(os.path.join(root, made)):
                    raise
                # another process moved in its (identical) copy first: keep it
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not os.path.isdir(os.path.join(root, split)):
        raise ValueError(f"built-in dataset {name!r} made no {split!r} split with options "
                         f'{options}: give that split a positive number of images')
    return True


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
