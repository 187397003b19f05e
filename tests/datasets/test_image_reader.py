"""ImageReader: 8-bit files are converted to 3 or 1 channels as the reference does and reported
once per mode; 16-bit and 4-channel images are read unchanged, and a channel or bit-depth
mismatch names the setting to change."""
import warnings

import numpy as np
import pytest
from PIL import Image

from i2itools.datasets import (DatasetError, ImageConversionWarning, ImageReader,
                               UnreadableImageError, bits_per_sample, read_stored)
from i2itools.datasets.image_reader import check_channels
from i2itools.utils.image_io import write_image


def saved(tmp_path, name, mode):
    pixels = np.random.default_rng(0).integers(0, 256, (6, 5, 4), dtype=np.uint8)
    source = Image.fromarray(pixels, 'RGBA') if 'A' in mode else Image.fromarray(pixels[..., :3])
    path = tmp_path / name
    source.convert(mode).save(path)
    return path


def sixteen_bit(tmp_path, name, channels, seed=0):
    shape = (6, 5) if channels == 1 else (6, 5, channels)
    pixels = np.random.default_rng(seed).integers(0, 65536, shape, dtype=np.uint16)
    write_image(str(tmp_path / name), pixels)
    return tmp_path / name, pixels


def fit(path, channels, setting='in_channels', side='A', reader=None):
    reader = reader or ImageReader('SingleDataset')
    return reader.fit(read_stored(str(path)), channels, setting, side)


@pytest.mark.parametrize('mode, kind', [('L', 'grayscale'), ('P', 'palette'),
                                        ('RGBA', 'RGB + alpha'), ('LA', 'grayscale + alpha')])
def test_other_modes_are_converted_to_rgb_like_the_reference_and_reported_once(tmp_path, mode,
                                                                              kind):
    paths = [saved(tmp_path, f'{i}.png', mode) for i in range(2)]
    reader = ImageReader('SingleDataset')
    with pytest.warns(ImageConversionWarning) as warned:
        images = [fit(path, 3, reader=reader) for path in paths]
    assert len(warned) == 1
    dropped = ', dropping its alpha channel' if 'A' in mode else ''
    keep = {'L': ' To keep them as 1 channel, set in_channels=1.',
            'RGBA': ' To keep the alpha channel, set in_channels=4.'}.get(mode, '')
    assert str(warned[0].message) == (
        f"SingleDataset: '{paths[0]}' has mode {mode} ({kind}); converted to RGB{dropped}, as "
        f'the reference does. Further {mode} files are converted without a message.{keep}')
    for path, pixels in zip(paths, images):
        np.testing.assert_array_equal(pixels, np.asarray(Image.open(path).convert('RGB')))


@pytest.mark.parametrize('mode, channels', [('RGB', 3), ('RGB', 1), ('L', 1)])
def test_rgb_files_and_grayscale_files_read_as_grayscale_are_not_reported(tmp_path, mode,
                                                                          channels):
    path = saved(tmp_path, 'x.png', mode)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        pixels = fit(path, channels)
    expected = np.asarray(Image.open(path).convert('RGB').convert('RGB' if channels == 3 else 'L'))
    np.testing.assert_array_equal(pixels, expected.reshape(pixels.shape))
    assert pixels.shape[2] == channels and pixels.dtype == np.uint8


def test_rgba_file_read_as_grayscale_is_reported(tmp_path):
    path = saved(tmp_path, 'x.png', 'RGBA')
    with pytest.warns(ImageConversionWarning, match='converted to grayscale, dropping its alpha'):
        pixels = fit(path, 1)
    np.testing.assert_array_equal(pixels[:, :, 0],
                                  np.asarray(Image.open(path).convert('RGB').convert('L')))


def test_rgba_file_read_as_4_channels_keeps_its_alpha_unchanged(tmp_path):
    path = saved(tmp_path, 'x.png', 'RGBA')
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        pixels = fit(path, 4)
    np.testing.assert_array_equal(pixels, np.asarray(Image.open(path)))


@pytest.mark.parametrize('channels', [1, 3, 4])
@pytest.mark.parametrize('extension', ['.png', '.tif'])
def test_16_bit_images_are_read_unchanged(tmp_path, channels, extension):
    path, pixels = sixteen_bit(tmp_path, f'x{extension}', channels)
    assert bits_per_sample(str(path)) == 16
    read = fit(path, channels)
    assert read.dtype == np.uint16
    np.testing.assert_array_equal(read, pixels.reshape(read.shape))


def test_8_bit_files_have_8_bits_per_sample(tmp_path):
    assert bits_per_sample(str(saved(tmp_path, 'x.png', 'RGB'))) == 8


@pytest.mark.parametrize('setting, side', [('in_channels', 'A'), ('out_channels', 'B')])
def test_16_bit_channel_mismatch_names_the_setting_to_change(tmp_path, setting, side):
    path, _ = sixteen_bit(tmp_path, 'x.png', 1)
    with pytest.raises(DatasetError) as info:
        fit(path, 3, setting, side)
    role = 'in' if side == 'A' else 'out'
    assert str(info.value).startswith(
        f"SingleDataset: {side} images have 1 channel but {setting}=3 ('{path}', 16-bit): set "
        f"{setting}=1 in the dataset and the generator's {role}_channels")


def test_8_bit_rgb_read_as_4_channels_names_the_setting_to_change(tmp_path):
    path = saved(tmp_path, 'x.png', 'RGB')
    with pytest.raises(DatasetError, match=r"A images have 3 channels but in_channels=4 .*: set "
                                           r'in_channels=3'):
        fit(path, 4)


def test_a_side_mixing_8_and_16_bit_images_is_refused_with_both_files(tmp_path):
    reader = ImageReader('PairedFolderDataset')
    deep, _ = sixteen_bit(tmp_path, 'deep.png', 3)
    shallow = saved(tmp_path, 'shallow.png', 'RGB')
    fit(deep, 3, reader=reader)
    fit(shallow, 3, side='B', reader=reader)  # the other side may differ
    with pytest.raises(DatasetError, match=rf"A image '{shallow}' is 8-bit but the first A "
                                           rf"image read, '{deep}', is 16-bit"):
        fit(shallow, 3, reader=reader)


def test_damaged_16_bit_file_is_an_unreadable_image(tmp_path):
    path, _ = sixteen_bit(tmp_path, 'x.png', 1)
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(UnreadableImageError, match=f"Cannot read image '{path}'"):
        read_stored(str(path))


@pytest.mark.parametrize('value', [5, 2, '3'])
def test_channel_counts_other_than_1_3_and_4_are_refused_by_name(value):
    with pytest.raises(DatasetError, match=rf"AlignedDataset in_channels={value!r} is not "
                       r'supported: .* set in_channels to 1, 3 or 4'):
        check_channels('AlignedDataset', 'in_channels', value)
