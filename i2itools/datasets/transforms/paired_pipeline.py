"""Run a list of paired transforms, and the lists that the reference ``--preprocess`` makes."""
from i2itools.registry import TRANSFORMS

from ..image_folder import DatasetError

#: the reference ``--preprocess`` values, for :func:`reference_pipeline`
REFERENCE_PREPROCESS = ('resize_and_crop', 'crop', 'scale_width', 'scale_width_and_crop', 'none')


def reference_pipeline(preprocess='resize_and_crop', load_size=286, crop_size=256,
                       no_flip=False):
    """The transform configs equal to the reference options ``--preprocess``, ``--load_size``,
    ``--crop_size`` and ``--no_flip`` (defaults: those of pix2pix and CycleGAN)."""
    if preprocess not in REFERENCE_PREPROCESS:
        raise ValueError(f'preprocess={preprocess!r} is not one of '
                         f'{", ".join(REFERENCE_PREPROCESS)}')
    if 'crop' in preprocess and load_size < crop_size:
        raise ValueError(f'load_size ({load_size}) must be at least crop_size ({crop_size}), '
                         'as in the reference')
    steps = {
        'resize_and_crop': [dict(type='Resize', size=load_size),
                            dict(type='RandomCrop', size=crop_size)],
        'crop': [dict(type='RandomCrop', size=crop_size)],
        'scale_width': [dict(type='ScaleWidth', target_width=load_size, min_height=crop_size)],
        'scale_width_and_crop': [
            dict(type='ScaleWidth', target_width=load_size, min_height=crop_size),
            dict(type='RandomCrop', size=crop_size)],
        'none': [dict(type='MakeDivisible', base=4)],
    }[preprocess]
    return steps if no_flip else steps + [dict(type='RandomFlip')]


class PairedPipeline:
    """Apply transforms in order to a list of PIL images that must stay aligned (A and B).

    Args:
        transforms (Sequence[dict | callable]): transform configs, built with ``TRANSFORMS``
            (``dict(type='RandomCrop', size=256)``), or callables that take and return a list of
            images. Put a :class:`RandomCrop` before a :class:`RandomFlip`, as the reference
            draws the crop position before the flip.
    """

    def __init__(self, transforms=()):
        if isinstance(transforms, (dict, str)) or callable(transforms):
            raise TypeError('PairedPipeline takes a list of transforms, got a single '
                            f'{type(transforms).__name__}: wrap it in a list')
        self.transforms = [TRANSFORMS.build(t) if isinstance(t, dict) else t for t in transforms]
        for t in self.transforms:
            if not callable(t):
                raise TypeError(f'pipeline item {t!r} is neither a transform config (a dict with '
                                "'type') nor a callable")

    def __call__(self, images, path=None):
        """The transformed list; a :class:`DatasetError` a transform raises about the images is
        raised again with ``path`` (the file they come from) in front of its message."""
        images = list(images)
        for transform in self.transforms:
            try:
                images = transform(images)
            except DatasetError as err:
                if path is None:
                    raise
                raise type(err)(f"'{path}': {err}") from err
        return images

    def __repr__(self):
        return 'PairedPipeline([' + ', '.join(repr(t) for t in self.transforms) + '])'
