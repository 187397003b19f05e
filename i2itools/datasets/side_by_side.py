"""The reference's aligned layout, one image ``A | B`` per pair: join two images, split one,
and read and write their files at their own bit depth (for the layout tools)."""
import os

import numpy as np

from i2itools.utils.image_io import write_image

from .image_folder import DatasetError, UnreadableImageError
from .image_reader import read_stored


def split_side_by_side(pixels, path):
    """The left and right halves of an H x W (x C) array read from ``path``; an odd width
    raises a :class:`DatasetError` naming the file."""
    height, width = pixels.shape[:2]
    if width % 2:
        raise DatasetError(
            f"'{path}' is {width}x{height}: an aligned pair is A and B side by side, so its "
            'width must be even (twice the width of A). Fix or remove this file.')
    return pixels[:, :width // 2], pixels[:, width // 2:]


def join_side_by_side(a, b, a_path, b_path):
    """A and B (H x W x C arrays of one size and bit depth) as one array ``A | B``.

    A grey image beside an RGB one is repeated to RGB (lossless; the reference's own tool reads
    both as colour); other differences raise a :class:`DatasetError` naming both files.
    """
    a, b = (x[:, :, None] if x.ndim == 2 else x for x in (a, b))
    if {a.shape[2], b.shape[2]} == {1, 3}:
        a, b = (np.repeat(x, 3, axis=2) if x.shape[2] == 1 else x for x in (a, b))
    differences = [f'{what} {x} and {y}' for what, x, y in (
        ('sizes', 'x'.join(map(str, a.shape[1::-1])), 'x'.join(map(str, b.shape[1::-1]))),
        ('channels', a.shape[2], b.shape[2]),
        ('pixel types', a.dtype, b.dtype)) if x != y]
    if differences:
        raise DatasetError(
            f"'{a_path}' and '{b_path}' have different {', '.join(differences)}: one aligned "
            'image holds both, so they must agree. Convert or resize one of them, or train from '
            'the two folders with PairedFolderDataset, which reads each on its own.')
    return np.concatenate([a, b], axis=1)


def read_unchanged(path):
    """The pixels of the image file ``path`` at its own bit depth and channels (H x W x C), for
    the layout tools; an unreadable file raises a :class:`DatasetError` naming it."""
    try:
        return read_stored(path).pixels
    except UnreadableImageError as err:
        raise DatasetError(f"Cannot read image '{path}': {err.reason}. Replace or remove the "
                           'file.') from err


def write_new(path, pixels, overwrite=False):
    """Write ``pixels`` to ``path`` at their bit depth; an existing file is kept (a
    :class:`DatasetError`) unless ``overwrite``."""
    if os.path.exists(path) and not overwrite:
        raise DatasetError(f"'{path}' exists already: remove it, write elsewhere or pass "
                           '--overwrite.')
    try:
        write_image(path, pixels[:, :, 0] if pixels.shape[2] == 1 else pixels)
    except ValueError as err:  # e.g. 16 bits into a JPEG
        raise DatasetError(str(err)) from err
