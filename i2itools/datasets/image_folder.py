"""Finding and loading the image files of a dataset folder, with errors that say what to do.

Shared by every dataset: :func:`list_images` walks a folder the way the reference
``make_dataset`` does (recursively, every file with an image extension), but sorts *before*
truncating to ``max_size`` so that the kept files do not depend on the file system's order.
"""
import os
import warnings
from contextlib import contextmanager

import numpy as np
import torch
from PIL import Image

#: extensions (lower case) that count as images; matched case-insensitively
IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.tif', '.tiff', '.webp')


class LeftOutFilesWarning(UserWarning):
    """Files of a dataset folder that are not of an image type listed in IMG_EXTENSIONS (a
    ``.gif``, a ``.txt``) and so are not part of the dataset."""


class DatasetError(ValueError):
    """Data that a dataset cannot use (no images, a corrupt file, a pair of wrong sizes), or a
    dataset argument it cannot work with."""


class DatasetNotFoundError(DatasetError, FileNotFoundError):
    """A dataset folder that does not exist."""


class UnreadableImageError(DatasetError):
    """An image file that cannot be opened or decoded (corrupt, truncated, not an image).

    ``path`` is the file and ``reason`` what the decoder said; both are None when the error was
    rebuilt from its message alone, as a DataLoader worker's error is in the main process.
    """

    def __init__(self, message, path=None, reason=None):
        super().__init__(message)
        self.path, self.reason = path, reason


def is_image_file(filename):
    return filename.lower().endswith(IMG_EXTENSIONS)


def describe_folder(folder, limit=12):
    """A short listing of what ``folder`` holds, for error messages: 'train/, val/, notes.txt'."""
    try:
        entries = sorted(os.listdir(folder))
    except OSError as err:
        return f'(cannot list it: {err})'
    if not entries:
        return 'nothing'
    names = [e + '/' if os.path.isdir(os.path.join(folder, e)) else e for e in entries]
    more = f', ... ({len(names) - limit} more)' if len(names) > limit else ''
    return ', '.join(names[:limit]) + more


def require_folder(folder, what, hint=''):
    """Raise :class:`DatasetNotFoundError` unless ``folder`` is a directory.

    The message names the missing folder and lists what its nearest existing parent holds on
    its first line; the second is ``hint`` (one line: the expected layout, how to make data).
    """
    if os.path.isdir(folder):
        return
    absolute = os.path.abspath(folder)
    parent = os.path.dirname(absolute)
    while parent and not os.path.isdir(parent):
        parent = os.path.dirname(parent)
    where = f" (absolute: '{absolute}')" if absolute != os.path.normpath(folder) else ''
    seen = f"; '{parent}' contains: {describe_folder(parent)}" if parent else ''
    raise DatasetNotFoundError(f"{what} '{folder}' does not exist{where}{seen}"
                               + (f'\n{hint}' if hint else ''))


def list_images(folder, max_size=None, hint=''):
    """Sorted paths of every image file under ``folder`` (recursively), at most ``max_size``.

    A folder named like an image (``x.jpg/``) is listed too, so that the dataset's check names
    it (its images are listed as those of any sub-folder).

    Raises :class:`DatasetNotFoundError` if the folder is missing and :class:`DatasetError` if
    it holds no image; both messages have ``hint`` (one line) as their second line.
    """
    require_folder(folder, 'Image folder', hint)
    paths, left_out = [], []
    for dirpath, folders, names in os.walk(folder):
        paths += [os.path.join(dirpath, name) for name in folders if is_image_file(name)]
        for name in names:
            if is_image_file(name):
                paths.append(os.path.join(dirpath, name))
            elif not name.startswith('.'):  # hidden files (.DS_Store) are no one's data
                left_out.append(name)
    paths.sort()
    if left_out and paths:
        warnings.warn(f"'{folder}': {len(left_out)} files left out, not of an image type read "
                      f'({", ".join(IMG_EXTENSIONS)}): {_by_type(left_out)}; convert them to '
                      'one of these to use them.', LeftOutFilesWarning, stacklevel=2)
    if not paths:
        raise DatasetError(
            f"No image files ({', '.join(IMG_EXTENSIONS)}) in '{folder}' or its sub-folders; "
            f'it contains: {describe_folder(folder)}' + (f'\n{hint}' if hint else ''))
    if max_size is not None:
        if max_size < 1:
            raise DatasetError(f'max_size must be a positive number of files or None, '
                               f'got {max_size!r}')
        paths = paths[:max_size]
    return paths


def _by_type(names, limit=3):
    """'2 .gif (a.gif, b.gif), 1 .txt (notes.txt)': the names grouped by extension."""
    groups = {}
    for name in sorted(names):
        groups.setdefault(os.path.splitext(name)[1].lower() or 'no extension', []).append(name)
    return ', '.join(f'{len(group)} {kind} ({", ".join(group[:limit])}'
                     f'{", ..." if len(group) > limit else ""})'
                     for kind, group in sorted(groups.items(), key=lambda item: -len(item[1])))


@contextmanager
def reading(path):
    """Turn any error raised while decoding ``path`` into an :class:`UnreadableImageError`.

    Its message names the file, what the decoder said and the two fixes; the original exception
    is the ``__cause__``.
    """
    try:
        yield
    except Exception as err:  # PIL raises OSError, ValueError, SyntaxError, DecompressionBomb...
        reason = f'{type(err).__name__}: {err}'
        raise UnreadableImageError(
            f"Cannot read image '{path}': {reason}. The file is missing, corrupt, truncated or "
            "not an image: replace or delete it, or set the dataset's on_bad_image='skip' to "
            'skip such files with a warning.', path, reason) from err


def open_image(path):
    """``path`` fully decoded by PIL, in the file's own mode; a bad file raises
    :class:`UnreadableImageError` (see :func:`reading`)."""
    with reading(path), Image.open(path) as img:
        img.load()
        return img


def to_uint8_tensor(img):
    """A PIL image (mode 'L' or 'RGB') as a C x H x W uint8 tensor, values unchanged."""
    array = np.array(img, dtype=np.uint8)
    if array.ndim == 2:
        array = array[:, :, None]
    return torch.from_numpy(array).permute(2, 0, 1).contiguous()
