"""Resize every image to a fixed size: the ``resize`` step of the reference ``--preprocess``."""
from PIL import Image

from i2itools.registry import TRANSFORMS

#: names accepted by the ``interpolation`` argument of the resizing transforms
INTERPOLATIONS = {
    'nearest': Image.Resampling.NEAREST,
    'bilinear': Image.Resampling.BILINEAR,
    'bicubic': Image.Resampling.BICUBIC,
    'lanczos': Image.Resampling.LANCZOS,
    'box': Image.Resampling.BOX,
    'hamming': Image.Resampling.HAMMING,
}


def pil_interpolation(name):
    """The PIL resampling filter called ``name``; an unknown name lists the known ones."""
    try:
        return INTERPOLATIONS[name]
    except KeyError:
        raise ValueError(f'interpolation={name!r} is not one of '
                         f'{", ".join(INTERPOLATIONS)}') from None


def check_size(value, name):
    """A positive int, or a (width, height) pair of them."""
    pair = value if isinstance(value, (tuple, list)) else (value, value)
    if len(pair) != 2 or not all(isinstance(v, int) and v > 0 for v in pair):
        raise ValueError(f'{name} must be a positive int or a (width, height) pair of them, '
                         f'got {value!r}')
    return tuple(pair)


@TRANSFORMS.register_module()
class Resize:
    """Resize every image to ``size`` (reference ``--preprocess resize_and_crop``, first step).

    The reference resizes to ``load_size x load_size`` with bicubic interpolation, whatever the
    aspect ratio. Draws nothing at random.

    Args:
        size (int | tuple[int, int]): the output side, or ``(width, height)`` (PIL order,
            unlike torchvision's ``(h, w)``).
        interpolation (str): one of :data:`INTERPOLATIONS`; the reference uses 'bicubic'.
    """

    def __init__(self, size, interpolation='bicubic'):
        self.size = check_size(size, 'Resize size')
        self.interpolation = interpolation
        self._filter = pil_interpolation(interpolation)

    def __call__(self, images):
        return [img.resize(self.size, self._filter) for img in images]

    def __repr__(self):
        return f'Resize(size={self.size}, interpolation={self.interpolation!r})'
