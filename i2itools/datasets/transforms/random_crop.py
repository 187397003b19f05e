"""The same random square crop of every image: the ``crop`` step of the reference preprocess."""
import random

from i2itools.registry import TRANSFORMS

from ..image_folder import DatasetError


class ImageTooSmallError(DatasetError):
    """An image smaller than the crop, which the reference would pass on uncropped."""


@TRANSFORMS.register_module()
class RandomCrop:
    """Crop a ``size x size`` window at one random position from every image of the list.

    Reference ``get_params`` + ``__crop`` (``--preprocess resize_and_crop``, ``crop`` and
    ``scale_width_and_crop``, with ``size = crop_size``): draws, with Python's ``random``,
    ``x = randint(0, max(0, w - size))`` then ``y = randint(0, max(0, h - size))`` from the first
    image's size, and crops ``(x, y, x + size, y + size)`` only when the image is larger than
    ``size`` in width *or* height. Like the reference, an image larger in one side only is still
    cropped to ``size x size`` and PIL fills the part outside it with black. An image larger in
    neither side but smaller in one, which the reference passes on uncropped (an item of another
    size, that fails later in the batch or the network), raises :class:`ImageTooSmallError`.

    The reference draws x and y from the size the image will have after resizing; drawing them
    when the crop runs, from the image as it is, gives the same numbers in the same order (x, y,
    then the flip of a following :class:`RandomFlip`).

    Args:
        size (int): side of the crop (the reference ``crop_size``).
    """

    def __init__(self, size):
        if not isinstance(size, int) or size < 1:
            raise ValueError(f'RandomCrop size must be a positive int, got {size!r}')
        self.size = size

    def __call__(self, images):
        width, height = images[0].size
        if max(width, height) <= self.size and min(width, height) < self.size:
            raise ImageTooSmallError(
                f'the image is {width}x{height} where RandomCrop(size={self.size}) needs at '
                f'least {self.size}x{self.size}: resize it first (a Resize of at least '
                f'{self.size} before the crop), lower the crop size, or remove the file.')
        x = random.randint(0, max(0, width - self.size))
        y = random.randint(0, max(0, height - self.size))
        box = (x, y, x + self.size, y + self.size)
        return [img.crop(box) if img.width > self.size or img.height > self.size else img
                for img in images]

    def __repr__(self):
        return f'RandomCrop(size={self.size})'
