"""Read and write images as they are: 8 or 16 bits, grey, grey + alpha, RGB or RGBA.

Arrays are H x W (grey) or H x W x C in RGB(A) order, dtype uint8 or uint16. OpenCV reads and
writes PNG, TIFF, JPEG, BMP, WebP... without changing bit depth or channel count; PIL-based
readers would turn 16-bit grey into 32-bit integers and drop 16-bit colour.
"""
import os.path as osp

import cv2
import numpy as np

from .atomic_write import atomic_path
from .cli_errors import UserError

#: the integer image types read and written unchanged
IMAGE_DTYPES = (np.uint8, np.uint16)


class ImageReadError(UserError, OSError):
    """A file could not be read as an 8- or 16-bit image."""


def read_image(path):
    """The image at ``path`` as an H x W or H x W x C uint8/uint16 array in RGB(A) order."""
    data = np.fromfile(path, dtype=np.uint8) if osp.isfile(path) else None
    if data is None:
        raise ImageReadError(f'{path}: no such file')
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED) if data.size else None
    if image is None:
        raise ImageReadError(f'{path}: not an image OpenCV can decode (empty or damaged file, '
                             'or an unsupported format)')
    if image.dtype not in IMAGE_DTYPES:
        raise ImageReadError(f'{path}: {image.dtype} pixels; only 8- and 16-bit integer images '
                             'are supported (convert it, e.g. to a 16-bit PNG)')
    return _swap_red_blue(image)


def write_image(path, image):
    """Write an H x W or H x W x C uint8/uint16 RGB(A) array to ``path`` (format from the
    extension) without changing its bit depth; atomically, so no half-written file is left."""
    if image.dtype not in IMAGE_DTYPES:
        raise TypeError(f'{path}: cannot write {image.dtype} pixels; give uint8 or uint16')
    extension = osp.splitext(path)[1].lower()
    if image.dtype == np.uint16 and extension in ('.jpg', '.jpeg', '.bmp', '.webp'):
        raise ValueError(f'{path}: {extension} stores 8 bits per channel only; write the 16-bit '
                         'image as .png or .tif, or ask for 8 bits')
    ok, encoded = cv2.imencode(extension, _swap_red_blue(np.ascontiguousarray(image)))
    if not ok:
        raise ValueError(f'{path}: OpenCV cannot write {extension!r} files')
    with atomic_path(path) as tmp:
        encoded.tofile(tmp)


def _swap_red_blue(image):
    """RGB(A) <-> BGR(A), OpenCV's channel order; grey images are returned as they are."""
    if image.ndim == 3 and image.shape[2] in (3, 4):
        order = [2, 1, 0, 3][:image.shape[2]]
        return np.ascontiguousarray(image[..., order])
    return image
