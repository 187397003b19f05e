"""Numpy images of 8 or 16 bits and 1-4 channels map to the model's channels and back."""
import numpy as np
import pytest

from i2itools.apis.image_tensors import image_to_tensor, tensor_to_image


@pytest.mark.parametrize('dtype', [np.uint8, np.uint16])
def test_every_level_survives_the_round_trip(dtype):
    top = np.iinfo(dtype).max
    image = np.linspace(0, top, 3 * 256, dtype=np.float64).astype(dtype).reshape(16, 16, 3)
    tensor = image_to_tensor(image, 3)
    assert tensor.shape == (1, 3, 16, 16) and tensor.min() == -1 and tensor.max() == 1
    np.testing.assert_array_equal(tensor_to_image(tensor[0], dtype), image)


def test_grey_is_repeated_and_rgb_becomes_luma():
    grey = np.full((2, 2), 255, np.uint8)
    assert image_to_tensor(grey, 3).shape == (1, 3, 2, 2)
    rgb = np.zeros((2, 2, 3), np.uint8)
    rgb[..., 1] = 255  # pure green: luma 0.587
    value = image_to_tensor(rgb, 1)[0, 0, 0, 0].item()
    assert value == pytest.approx(0.587 * 2 - 1, abs=1e-6)


def test_alpha_is_kept_beside_an_rgb_output_at_the_output_depth():
    rgba = np.zeros((2, 2, 4), np.uint8)
    rgba[..., 3] = 255
    out = tensor_to_image(image_to_tensor(rgba, 3)[0], np.uint16, alpha=rgba[..., 3])
    assert out.shape == (2, 2, 4) and out.dtype == np.uint16 and (out[..., 3] == 65535).all()


def test_unmappable_channels_are_refused_with_where_they_came_from():
    with pytest.raises(ValueError, match=r'scan.tif: 5 channels cannot be mapped to the 3'):
        image_to_tensor(np.zeros((2, 2, 5), np.uint8), 3, 'scan.tif')
    with pytest.raises(ValueError, match='float32 pixels'):
        image_to_tensor(np.zeros((2, 2), np.float32), 1)
