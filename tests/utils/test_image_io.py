"""read_image / write_image keep bit depth and channel count; bad files are named."""
import numpy as np
import pytest

from i2itools.utils.image_io import ImageReadError, read_image, write_image


@pytest.mark.parametrize('dtype', [np.uint8, np.uint16])
@pytest.mark.parametrize('shape', [(9, 13), (9, 13, 3), (9, 13, 4)], ids=['grey', 'rgb', 'rgba'])
@pytest.mark.parametrize('extension', ['.png', '.tif'])
def test_images_come_back_unchanged(tmp_path, dtype, shape, extension):
    image = np.random.default_rng(0).integers(0, np.iinfo(dtype).max, shape, dtype=dtype)
    write_image(str(tmp_path / f'x{extension}'), image)
    back = read_image(str(tmp_path / f'x{extension}'))
    assert back.dtype == dtype and back.shape == shape
    np.testing.assert_array_equal(back, image)


def test_channels_are_rgb_ordered_on_disk(tmp_path):
    import cv2
    red = np.zeros((4, 4, 3), np.uint8)
    red[..., 0] = 255
    write_image(str(tmp_path / 'red.png'), red)
    assert cv2.imread(str(tmp_path / 'red.png'))[0, 0].tolist() == [0, 0, 255]  # OpenCV: BGR


def test_a_damaged_file_is_refused_with_its_path(tmp_path):
    (tmp_path / 'bad.png').write_bytes(b'not an image')
    with pytest.raises(ImageReadError, match='bad.png: not an image'):
        read_image(str(tmp_path / 'bad.png'))
    with pytest.raises(ImageReadError, match='missing.png: no such file'):
        read_image(str(tmp_path / 'missing.png'))


def test_sixteen_bits_are_not_silently_cut_to_eight_in_a_jpeg(tmp_path):
    with pytest.raises(ValueError, match='8 bits per channel only'):
        write_image(str(tmp_path / 'x.jpg'), np.zeros((4, 4), np.uint16))
