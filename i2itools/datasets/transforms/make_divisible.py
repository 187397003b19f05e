"""Round the sides to a multiple of ``base``: the reference ``--preprocess none``."""
import warnings

from i2itools.registry import TRANSFORMS

from .resize import pil_interpolation

_warned = False


def _warn_once(old, new):
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(f'Images of size {old[0]}x{old[1]} are resized to {new[0]}x{new[1]} '
                      'so that every side is a multiple of the network stride (MakeDivisible). '
                      'This is warned once per process.', stacklevel=3)


@TRANSFORMS.register_module()
class MakeDivisible:
    """Resize every image so that its width and height are multiples of ``base``.

    Reference ``__make_power_2`` (``--preprocess none``, ``base = 4``): each side becomes
    ``int(round(side / base) * base)`` (Python's round: halves go to the even multiple) and the
    image is resized with bicubic interpolation only if that changed it, with a warning printed
    once. A side shorter than ``base / 2``, which the reference would round to 0 and fail on,
    becomes ``base``. Draws nothing at random.

    Args:
        base (int): the multiple, e.g. 4 (the reference) or 256 for a U-Net with 8 downsamplings.
        interpolation (str): resampling filter; the reference uses 'bicubic'.
    """

    def __init__(self, base=4, interpolation='bicubic'):
        if not isinstance(base, int) or base < 1:
            raise ValueError(f'MakeDivisible base must be a positive int, got {base!r}')
        self.base = base
        self.interpolation = interpolation
        self._filter = pil_interpolation(interpolation)

    def output_size(self, width, height):
        return tuple(max(self.base, int(round(side / self.base) * self.base))
                     for side in (width, height))

    def __call__(self, images):
        out = []
        for img in images:
            size = self.output_size(*img.size)
            if size == img.size:
                out.append(img)
            else:
                _warn_once(img.size, size)
                out.append(img.resize(size, self._filter))
        return out

    def __repr__(self):
        return f'MakeDivisible(base={self.base}, interpolation={self.interpolation!r})'
