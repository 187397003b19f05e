"""Reads a dataset's image files as RGB or grayscale, and says when a file had to be converted.

The reference opens every file with ``.convert('RGB')``, so grayscale, RGBA and palette files
train silently as RGB. i2itools converts them the same way but warns once per dataset and kind
of file (naming the first such file), so that a folder of unexpected images does not go
unnoticed.
"""
import warnings

from .image_folder import DatasetError, open_image

#: channel counts a dataset can read: 3 (RGB) or 1 (converted to grayscale)
CHANNELS = (3, 1)
#: readable names of PIL's modes, for messages
MODE_NAMES = {'1': 'black and white', 'L': 'grayscale', 'LA': 'grayscale + alpha',
              'P': 'palette', 'PA': 'palette + alpha', 'RGBA': 'RGB + alpha', 'CMYK': 'CMYK',
              'I': '32-bit grayscale', 'I;16': '16-bit grayscale', 'F': 'floating-point'}


class ImageConversionWarning(UserWarning):
    """An image file was converted to the channels the dataset reads (e.g. RGBA to RGB)."""


def check_channels(owner, name, value):
    """``value`` if it is a channel count a dataset can read, else a :class:`DatasetError`."""
    if value not in CHANNELS:
        raise DatasetError(f'{owner} {name}={value!r} is not supported: images are read as RGB '
                           f'(3) or converted to grayscale (1); set {name} to 3 or 1.')
    return value


class ImageReader:
    """Opens image files for the dataset ``owner`` (its name, for messages).

    :meth:`read` returns RGB for 3 channels and grayscale for 1, as the reference does (RGB
    first, then ``Grayscale(1)``). A file stored in another mode than RGB or the grayscale a
    1-channel read wants is converted too, and an :class:`ImageConversionWarning` names the
    first file of each mode (per process: each DataLoader worker reports on its own).
    """

    def __init__(self, owner):
        self.owner = owner
        self.reported_modes = set()

    def read(self, path, channels=3):
        img = open_image(path)
        wanted = 'RGB' if channels == 3 else 'L'
        if img.mode not in ('RGB', wanted) and img.mode not in self.reported_modes:
            self.reported_modes.add(img.mode)
            warnings.warn(self._conversion_message(path, img, wanted), ImageConversionWarning)
        img = img.convert('RGB')
        return img if channels == 3 else img.convert('L')

    def _conversion_message(self, path, img, wanted):
        kind = f' ({MODE_NAMES[img.mode]})' if img.mode in MODE_NAMES else ''
        dropped = ', dropping its alpha channel' if 'A' in img.getbands() else ''
        target = 'RGB' if wanted == 'RGB' else 'grayscale'
        return (f"{self.owner}: '{path}' has mode {img.mode}{kind}; converted to {target}"
                f'{dropped}, as the reference does. Further {img.mode} files are converted '
                'without a message.')
