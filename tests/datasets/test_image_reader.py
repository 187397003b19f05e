"""ImageReader: files of other modes are converted as the reference does, and reported once per
mode; channel counts other than 3 and 1 are refused by name."""
import warnings

import numpy as np
import pytest
from PIL import Image

from i2itools.datasets import DatasetError, ImageConversionWarning, ImageReader
from i2itools.datasets.image_reader import check_channels


def saved(tmp_path, name, mode):
    pixels = np.random.default_rng(0).integers(0, 256, (6, 5, 4), dtype=np.uint8)
    source = Image.fromarray(pixels, 'RGBA') if 'A' in mode else Image.fromarray(pixels[..., :3])
    path = tmp_path / name
    source.convert(mode).save(path)
    return path


@pytest.mark.parametrize('mode, kind', [('L', 'grayscale'), ('P', 'palette'),
                                        ('RGBA', 'RGB + alpha'), ('LA', 'grayscale + alpha')])
def test_other_modes_are_converted_to_rgb_like_the_reference_and_reported_once(tmp_path, mode,
                                                                              kind):
    paths = [saved(tmp_path, f'{i}.png', mode) for i in range(2)]
    reader = ImageReader('SingleDataset')
    with pytest.warns(ImageConversionWarning) as warned:
        images = [reader.read(str(path)) for path in paths]
    assert len(warned) == 1
    dropped = ', dropping its alpha channel' if 'A' in mode else ''
    assert str(warned[0].message) == (
        f"SingleDataset: '{paths[0]}' has mode {mode} ({kind}); converted to RGB{dropped}, as "
        f'the reference does. Further {mode} files are converted without a message.')
    for path, img in zip(paths, images):
        assert img.mode == 'RGB'
        np.testing.assert_array_equal(np.asarray(img), np.asarray(Image.open(path).convert('RGB')))


@pytest.mark.parametrize('mode, channels', [('RGB', 3), ('RGB', 1), ('L', 1)])
def test_rgb_files_and_grayscale_files_read_as_grayscale_are_not_reported(tmp_path, mode,
                                                                          channels):
    path = saved(tmp_path, 'x.png', mode)
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        img = ImageReader('SingleDataset').read(str(path), channels)
    assert img.mode == ('RGB' if channels == 3 else 'L')


def test_rgba_file_read_as_grayscale_is_reported(tmp_path):
    path = saved(tmp_path, 'x.png', 'RGBA')
    with pytest.warns(ImageConversionWarning, match='converted to grayscale, dropping its alpha'):
        img = ImageReader('SingleDataset').read(str(path), 1)
    np.testing.assert_array_equal(np.asarray(img),
                                  np.asarray(Image.open(path).convert('RGB').convert('L')))


@pytest.mark.parametrize('value', [4, 2, '3'])
def test_channel_counts_other_than_3_and_1_are_refused_by_name(value):
    with pytest.raises(DatasetError, match=rf"AlignedDataset in_channels={value!r} is not "
                       r'supported: .* set in_channels to 3 or 1'):
        check_channels('AlignedDataset', 'in_channels', value)
