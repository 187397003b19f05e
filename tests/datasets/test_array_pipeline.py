"""The PIL pipeline on arrays of any bit depth and channel count: one draw for all images of a
pair, 16 bits kept, channels resampled independently, 8-bit grey and RGB as the reference."""
import random

import numpy as np
import pytest
import torch
from PIL import Image

from i2itools.datasets import DatasetError, PairedPipeline
from i2itools.datasets.array_pipeline import to_pil_images, transform_image, transform_pair

CROP_AND_FLIP = PairedPipeline([dict(type='RandomCrop', size=8), dict(type='RandomFlip')])


def chw(array):
    return torch.from_numpy(np.array(array)).permute(2, 0, 1)


def test_8_bit_grey_and_rgb_reach_the_transforms_as_the_reference_images():
    rgb = np.random.default_rng(0).integers(0, 256, (4, 6, 3), dtype=np.uint8)
    assert [img.mode for img in to_pil_images(rgb)] == ['RGB']
    assert [img.mode for img in to_pil_images(rgb[:, :, :1])] == ['L']
    resized = transform_image(PairedPipeline([dict(type='Resize', size=5)]), rgb, 'x.png')
    expected = np.asarray(Image.fromarray(rgb).resize((5, 5), Image.Resampling.BICUBIC))
    assert torch.equal(resized, chw(expected))


def test_16_bit_and_rgba_reach_the_transforms_as_one_image_per_channel():
    assert [img.mode for img in to_pil_images(np.zeros((4, 6, 1), np.uint16))] == ['F']
    assert [img.mode for img in to_pil_images(np.zeros((4, 6, 4), np.uint8))] == ['L'] * 4


def test_16_bit_a_and_8_bit_b_get_the_same_crop_and_flip():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 65536, (12, 14, 1), dtype=np.uint16)
    b = np.repeat((a >> 8).astype(np.uint8), 3, axis=2)  # B is A's top byte in RGB
    flips = set()
    for seed in range(10):
        random.seed(seed)
        out_a, out_b = transform_pair(CROP_AND_FLIP, a, b, 'a.png | b.png')
        assert out_a.dtype == torch.uint16 and out_a.shape == (1, 8, 8)
        assert out_b.dtype == torch.uint8 and out_b.shape == (3, 8, 8)
        assert torch.equal((out_a.int() >> 8).repeat(3, 1, 1), out_b.int())
        random.seed(seed)
        x, y = random.randint(0, 6), random.randint(0, 4)
        flipped = random.random() > 0.5
        flips.add(flipped)
        window = a[y:y + 8, x:x + 8]
        assert torch.equal(out_a, chw(window[:, ::-1] if flipped else window))
    assert flips == {True, False}


def test_16_bit_resize_keeps_values_beyond_8_bits():
    constant = np.full((10, 10, 1), 40001, np.uint16)
    resized = transform_image(PairedPipeline([dict(type='Resize', size=7)]), constant, 'x.png')
    assert resized.dtype == torch.uint16 and resized.shape == (1, 7, 7)
    assert (resized.int() == 40001).all()


def test_4_channel_resize_treats_alpha_as_an_independent_channel():
    # PIL's RGBA resize premultiplies by alpha; data in the fourth channel must not bleed
    pixels = np.zeros((10, 10, 4), np.uint8)
    pixels[..., 0], pixels[..., 3] = 200, np.arange(10, dtype=np.uint8)[None, :] * 25
    resized = transform_image(PairedPipeline([dict(type='Resize', size=5)]), pixels, 'x.png')
    assert (resized[0] == 200).all() and (resized[1:3] == 0).all()


def test_a_and_b_of_different_sizes_after_the_pipeline_are_refused_with_the_files():
    a, b = np.zeros((8, 8, 3), np.uint8), np.zeros((16, 16, 3), np.uint8)
    with pytest.raises(DatasetError, match=r"'a.png \| b.png': after the pipeline A is 8x8 but "
                                           r'B is 16x16.*need a Resize first'):
        transform_pair(PairedPipeline([]), a, b, 'a.png | b.png')
    out_a, out_b = transform_pair(PairedPipeline([dict(type='Resize', size=4)]), a, b, 'x')
    assert out_a.shape == out_b.shape == (3, 4, 4)
