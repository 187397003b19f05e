"""Scale to a target width keeping the aspect ratio: the reference ``scale_width`` preprocess."""
from i2itools.registry import TRANSFORMS

from .resize import pil_interpolation


@TRANSFORMS.register_module()
class ScaleWidth:
    """Scale every image to ``target_width`` wide, at least ``min_height`` high.

    Reference ``__scale_width`` (``--preprocess scale_width`` and ``scale_width_and_crop``, with
    ``target_width = load_size`` and ``min_height = crop_size``): an image already
    ``target_width`` wide and at least ``min_height`` high is kept; any other becomes
    ``target_width x int(max(target_width * h / w, min_height))``. Draws nothing at random.

    Args:
        target_width (int): output width (the reference ``load_size``).
        min_height (int): smallest output height (the reference ``crop_size``), so that a
            following :class:`RandomCrop` of that size never runs off the image.
        interpolation (str): resampling filter; the reference uses 'bicubic'.
    """

    def __init__(self, target_width, min_height, interpolation='bicubic'):
        for name, value in (('target_width', target_width), ('min_height', min_height)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f'ScaleWidth {name} must be a positive int, got {value!r}')
        self.target_width = target_width
        self.min_height = min_height
        self.interpolation = interpolation
        self._filter = pil_interpolation(interpolation)

    def output_size(self, width, height):
        """The (width, height) an image of this size is scaled to."""
        if width == self.target_width and height >= self.min_height:
            return width, height
        return (self.target_width,
                int(max(self.target_width * height / width, self.min_height)))

    def __call__(self, images):
        out = []
        for img in images:
            size = self.output_size(*img.size)
            out.append(img if size == img.size else img.resize(size, self._filter))
        return out

    def __repr__(self):
        return (f'ScaleWidth(target_width={self.target_width}, min_height={self.min_height}, '
                f'interpolation={self.interpolation!r})')
