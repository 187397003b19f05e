"""Reads a dataset's image files at their own bit depth, and fits them to the channels it wants.

8-bit files read as 3 or 1 channels are converted as the reference does (``.convert('RGB')``,
then grayscale for 1 channel), with a warning once per dataset and kind of file, so that a
folder of unexpected images does not go unnoticed. Every other read keeps the pixels unchanged:
16-bit files (which PIL would cut to 8 bits; OpenCV reads them) and 4-channel (RGB + alpha)
images must have exactly the channels asked for, or a :class:`DatasetError` says which setting
to change.
"""
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image

from i2itools.utils.image_io import read_image

from .image_folder import DatasetError, reading

#: channel counts a dataset can read: grey, RGB, RGB + alpha
CHANNELS = (1, 3, 4)
#: readable names of PIL's modes, for messages
MODE_NAMES = {'1': 'black and white', 'L': 'grayscale', 'LA': 'grayscale + alpha',
              'P': 'palette', 'PA': 'palette + alpha', 'RGBA': 'RGB + alpha', 'CMYK': 'CMYK',
              'I': '32-bit grayscale', 'I;16': '16-bit grayscale', 'F': 'floating-point'}
#: the net setting that has to agree with each dataset setting, for messages
NET_SETTINGS = {'in_channels': "the generator's in_channels",
                'out_channels': "the generator's out_channels",
                'channels': 'the in_channels of the generator that reads them'}
#: the PIL modes of 8-bit arrays (1 to 4 channels)
ARRAY_MODES = ('L', 'LA', 'RGB', 'RGBA')


class ImageConversionWarning(UserWarning):
    """An image file was converted to the channels the dataset reads (e.g. RGBA to RGB)."""


def check_channels(owner, name, value):
    """``value`` if it is a channel count a dataset can read, else a :class:`DatasetError`."""
    if value not in CHANNELS:
        raise DatasetError(f'{owner} {name}={value!r} is not supported: images are read with 1 '
                           '(grey), 3 (RGB) or 4 (RGB + alpha) channels; set '
                           f'{name} to 1, 3 or 4.')
    return value


@dataclass(frozen=True)
class StoredImage:
    """An image file's pixels as stored: H x W x C, uint8 or uint16, RGB(A) order.

    ``mode`` is PIL's name for the file's mode (for messages), ``path`` the file.
    """
    pixels: np.ndarray
    mode: str
    path: str

    @property
    def bits(self):
        """8 or 16: bits per sample."""
        return 16 if self.pixels.dtype == np.uint16 else 8


def bits_per_sample(path):
    """8 or 16: the bit depth of the image file at ``path``, from its header alone."""
    with reading(path), Image.open(path) as img:
        return 16 if more_than_8_bits(img) else 8


def read_stored(path):
    """The pixels of ``path`` as stored; a bad file raises :class:`UnreadableImageError`.

    8-bit files are decoded by PIL (its checks catch truncated files); palette, 1-bit, CMYK...
    files are expanded to grey, RGB or RGBA as PIL converts them. Files with more bits per
    sample are decoded by OpenCV, which keeps 16 bits where PIL would keep 8.
    """
    with reading(path), Image.open(path) as img:
        if more_than_8_bits(img):
            pixels = read_image(path)
        else:
            img.load()
            pixels = np.asarray(_expanded(img))
        return StoredImage(pixels[:, :, None] if pixels.ndim == 2 else pixels, img.mode, path)


def more_than_8_bits(img):
    """Whether an opened (not yet loaded) PIL image stores more than 8 bits per sample.

    PIL loads 16-bit RGB(A) as 8-bit 'RGB(A)', so its mode does not tell; the raw mode of the
    file's data ('RGB;16B', 'I;16N'...) does.
    """
    if img.mode in ('I', 'F') or img.mode.startswith('I;16'):
        return True
    for tile in img.tile:
        args = tile.args if isinstance(tile.args, tuple) else (tile.args,)
        if args and isinstance(args[0], str) and ';16' in args[0]:
            return True
    return False


def _expanded(img):
    """An 8-bit PIL image as grey, grey + alpha, RGB or RGBA (what an array can hold)."""
    if img.mode in ARRAY_MODES:
        return img
    return img.convert(_expanded_mode(img))


def _expanded_mode(img):
    if img.mode in ARRAY_MODES:
        return img.mode
    if 'A' in img.getbands() or 'transparency' in img.info:
        return 'RGBA'
    return 'L' if img.mode == '1' else 'RGB'


def expanded_channels(img, bits):
    """The channels :func:`read_stored` gives an opened (not yet loaded) PIL image of ``bits``
    bits per sample, from its header."""
    if bits > 8:
        return 1 if img.mode in ('I', 'F') or img.mode.startswith('I;16') else len(img.getbands())
    return Image.getmodebands(_expanded_mode(img))


class ImageReader:
    """Reads image files for the dataset ``owner`` (its name, for messages).

    :meth:`fit` gives a file's :class:`StoredImage` (from :func:`read_stored`) the channels
    a dataset setting asks for. Conversions are reported with an :class:`ImageConversionWarning`
    naming the first file of each mode, and every image of one side (A or B) must have the bit
    depth of the first one read (per process: each DataLoader worker checks and reports on its
    own).
    """

    def __init__(self, owner):
        self.owner = owner
        self.reported_modes = set()
        self.first_of_side = {}

    def fit(self, image, channels, setting, side):
        """``image``'s pixels (H x W x ``channels``) for ``side`` ('A' or 'B'), whose channel
        count is the dataset's ``setting`` ('in_channels', 'out_channels' or 'channels').

        8-bit images read as 3 or 1 channels are converted as the reference does; any other
        image must have ``channels`` channels already.
        """
        converted = image.bits == 8 and channels in (1, 3)
        if not converted and image.pixels.shape[2] != channels:
            raise DatasetError(self._mismatch_message(image, channels, setting, side))
        self._check_depth(image, side)
        if converted:
            return self._reference_conversion(image, channels, setting)
        return image.pixels

    def _check_depth(self, image, side):
        bits, path = self.first_of_side.setdefault(side, (image.bits, image.path))
        if bits != image.bits:
            raise DatasetError(
                f"{self.owner}: {side} image '{image.path}' is {image.bits}-bit but the first "
                f"{side} image read, '{path}', is {bits}-bit. The images of one side are scaled "
                'to [-1, 1] by their bit depth and batched together, so they must share it: '
                'convert the odd files to one bit depth.')

    def _reference_conversion(self, image, channels, setting):
        wanted = 'RGB' if channels == 3 else 'L'
        if image.mode in ('RGB', wanted) and image.pixels.shape[2] == channels:
            return image.pixels
        if image.mode not in ('RGB', wanted) and image.mode not in self.reported_modes:
            self.reported_modes.add(image.mode)
            warnings.warn(self._conversion_message(image, wanted, setting),
                          ImageConversionWarning)
        pixels = image.pixels
        img = Image.fromarray(pixels[:, :, 0] if pixels.shape[2] == 1 else pixels).convert('RGB')
        array = np.asarray(img if channels == 3 else img.convert('L'))
        return array[:, :, None] if array.ndim == 2 else array

    def _conversion_message(self, image, wanted, setting):
        kind = f' ({MODE_NAMES[image.mode]})' if image.mode in MODE_NAMES else ''
        dropped = ', dropping its alpha channel' if image.pixels.shape[2] in (2, 4) else ''
        target = 'RGB' if wanted == 'RGB' else 'grayscale'
        keep = {1: f' To keep them as 1 channel, set {setting}=1.',
                4: f' To keep the alpha channel, set {setting}=4.'}.get(image.pixels.shape[2], '')
        return (f"{self.owner}: '{image.path}' has mode {image.mode}{kind}; converted to "
                f'{target}{dropped}, as the reference does. Further {image.mode} files are '
                f'converted without a message.{keep}')

    def _mismatch_message(self, image, channels, setting, side):
        count = image.pixels.shape[2]
        start = (f"{self.owner}: {side} images have {count} channel{'s' * (count != 1)} but "
                 f"{setting}={channels} ('{image.path}', {image.bits}-bit)")
        if count not in CHANNELS:
            fix = 'convert the files to 1, 3 or 4 channels'
            if image.bits == 8:
                fix += f', or set {setting}=3 or 1 to have them converted as the reference does'
            return f'{start}: {fix}.'
        return (f'{start}: set {setting}={count} in the dataset and {NET_SETTINGS[setting]} '
                '(a conditional discriminator sees in + out channels). Only 8-bit images are '
                'converted to 3 or 1 channels, as the reference does; other images are read '
                'unchanged.')
