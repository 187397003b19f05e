"""The folder datasets read 16-bit and 4-channel images unchanged (uint16 items, alpha kept),
and a 16-bit side whose channels differ from the setting names the setting."""
import numpy as np
import pytest
import torch

from i2itools.datasets import AlignedDataset, DatasetError, SingleDataset, UnalignedDataset
from i2itools.utils.image_io import write_image


def random_pixels(shape, dtype, seed=0):
    return np.random.default_rng(seed).integers(0, np.iinfo(dtype).max, shape, dtype=dtype)


def chw(array):
    array = array[:, :, None] if array.ndim == 2 else array
    return torch.from_numpy(np.array(array)).permute(2, 0, 1)


@pytest.mark.parametrize('direction', ['AtoB', 'BtoA'])
def test_aligned_16_bit_rgb_pairs_are_split_unchanged(tmp_path, direction):
    pair = random_pixels((8, 20, 3), np.uint16)
    write_image(str(tmp_path / 'train' / 'x.png'), pair)
    item = AlignedDataset(tmp_path, direction=direction, pipeline=[])[0]
    left, right = chw(pair[:, :10]), chw(pair[:, 10:])
    assert item['A'].dtype == item['B'].dtype == torch.uint16
    expected = (left, right) if direction == 'AtoB' else (right, left)
    assert torch.equal(item['A'], expected[0]) and torch.equal(item['B'], expected[1])


def test_aligned_16_bit_grey_pair_read_as_rgb_names_both_settings_to_change(tmp_path):
    write_image(str(tmp_path / 'train' / 'x.png'), random_pixels((8, 20), np.uint16))
    with pytest.raises(DatasetError, match='A images have 1 channel but in_channels=3'):
        AlignedDataset(tmp_path, pipeline=[])[0]
    with pytest.raises(DatasetError, match='B images have 1 channel but out_channels=3 .*set '
                                           "out_channels=1 in the dataset and the generator's "
                                           'out_channels'):
        AlignedDataset(tmp_path, in_channels=1, pipeline=[])[0]
    item = AlignedDataset(tmp_path, in_channels=1, out_channels=1, pipeline=[])[0]
    assert item['A'].shape == (1, 8, 10) and item['A'].dtype == torch.uint16


def test_single_16_bit_grey_images_keep_their_values(tmp_path):
    depth = random_pixels((12, 16), np.uint16)
    write_image(str(tmp_path / 'depth' / 'x.tif'), depth)
    item = SingleDataset(tmp_path / 'depth', channels=1)[0]
    assert item['A'].dtype == torch.uint16 and torch.equal(item['A'], chw(depth))


def test_unaligned_rgba_domain_read_with_4_channels_keeps_alpha(tmp_path):
    rgba = random_pixels((8, 8, 4), np.uint8)
    write_image(str(tmp_path / 'trainA' / 'x.png'), rgba)
    write_image(str(tmp_path / 'trainB' / 'y.png'), random_pixels((8, 8, 3), np.uint8))
    item = UnalignedDataset(tmp_path, in_channels=4, pipeline=[])[0]
    assert torch.equal(item['A'], chw(rgba)) and item['B'].shape == (3, 8, 8)
