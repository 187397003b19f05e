"""The same random horizontal flip of every image: the reference flip (off with ``--no_flip``)."""
import random

from PIL import Image

from i2itools.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomFlip:
    """Flip every image of the list left-right, or none of them.

    Reference ``get_params`` + ``__flip``, the last step of every ``--preprocess`` unless
    ``--no_flip``: one draw ``random.random() > 0.5`` (Python's ``random``) decides for all
    images. With ``prob`` the test is ``random.random() > 1 - prob``, the reference rule at 0.5.

    The reference draws the crop position even when it does not crop (``scale_width``,
    ``none``) and the flip even with ``--no_flip``; these pipelines draw only what they use, so
    in those settings the sequence of random numbers, not their use, differs from the reference.

    Args:
        prob (float): probability of flipping, in [0, 1].
    """

    def __init__(self, prob=0.5):
        if not 0 <= prob <= 1:
            raise ValueError(f'RandomFlip prob must be in [0, 1], got {prob!r}')
        self.prob = prob

    def __call__(self, images):
        if random.random() > 1 - self.prob:
            return [img.transpose(Image.Transpose.FLIP_LEFT_RIGHT) for img in images]
        return list(images)

    def __repr__(self):
        return f'RandomFlip(prob={self.prob})'
