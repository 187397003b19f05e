"""Each paired transform against the rule of the reference (pytorch-CycleGAN-and-pix2pix
``data/base_dataset.py``), computed by hand here."""
import random

import numpy as np
import pytest
import torchvision.transforms as tvt
from PIL import Image

from i2itools.datasets.transforms import (ImageTooSmallError, MakeDivisible, PairedPipeline,
                                          RandomCrop, RandomFlip, Resize, ScaleWidth,
                                          make_divisible, reference_pipeline)
from i2itools.registry import TRANSFORMS, UnknownComponentError


def random_array(width, height, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


def image(width, height, seed=0):
    return Image.fromarray(random_array(width, height, seed))


def arrays(images):
    return [np.asarray(img) for img in images]


def test_resize_equals_reference_torchvision_bicubic_on_a_non_square_image():
    img = image(40, 30)
    expected = tvt.Resize([16, 16], tvt.InterpolationMode.BICUBIC)(img)
    out, = Resize(16)([img])
    assert out.size == (16, 16)
    np.testing.assert_array_equal(np.asarray(out), np.asarray(expected))


def test_resize_pair_is_width_height_and_interpolation_is_selectable():
    img = image(40, 30)
    out, = Resize((20, 10), interpolation='nearest')([img])
    assert out.size == (20, 10)
    np.testing.assert_array_equal(np.asarray(out),
                                  np.asarray(img.resize((20, 10), Image.Resampling.NEAREST)))
    with pytest.raises(ValueError, match="interpolation='cubic'"):
        Resize(8, interpolation='cubic')
    with pytest.raises(ValueError, match='Resize size'):
        Resize(0)


@pytest.mark.parametrize('size, target, min_height, expected', [
    ((40, 30), 20, 12, (20, 15)),   # int(max(20 * 30 / 40, 12)) = 15
    ((40, 30), 20, 18, (20, 18)),   # the minimum height wins
    ((20, 10), 20, 12, (20, 12)),   # right width but too low: still resized
    ((13, 7), 10, 4, (10, 5)),      # int(5.38...) rounds down
])
def test_scale_width_follows_the_reference_rule(size, target, min_height, expected):
    img = image(*size)
    out, = ScaleWidth(target, min_height)([img])
    assert out.size == expected
    np.testing.assert_array_equal(np.asarray(out),
                                  np.asarray(img.resize(expected, Image.Resampling.BICUBIC)))


def test_scale_width_keeps_an_image_of_the_target_width_and_enough_height():
    img = image(20, 25)
    out, = ScaleWidth(20, 12)([img])
    assert out is img


def test_random_crop_draws_x_then_y_like_the_reference():
    img = image(40, 30)
    random.seed(3)
    x, y = random.randint(0, 40 - 16), random.randint(0, 30 - 16)
    random.seed(3)
    out, = RandomCrop(16)([img])
    np.testing.assert_array_equal(np.asarray(out), np.asarray(img)[y:y + 16, x:x + 16])


def test_random_crop_leaves_an_image_of_the_crop_size_alone():
    img = image(16, 16)
    out, = RandomCrop(16)([img])
    assert out is img


@pytest.mark.parametrize('size', [(12, 16), (16, 12), (10, 10)])
def test_random_crop_refuses_an_image_smaller_than_the_crop_and_the_pipeline_names_the_file(size):
    # the reference would pass it on uncropped: an item of another size than every other
    with pytest.raises(ImageTooSmallError, match=f'{size[0]}x{size[1]} where RandomCrop'):
        RandomCrop(16)([image(*size)])
    with pytest.raises(ImageTooSmallError, match=r"^'x/0\.png': the image is .* Resize of at"):
        PairedPipeline([dict(type='RandomCrop', size=16)])([image(*size)], 'x/0.png')


def test_random_crop_of_an_image_larger_in_one_side_pads_like_the_reference():
    # reference __crop crops whenever ow > tw or oh > th; PIL fills outside the image with 0
    img = image(20, 10)
    random.seed(0)
    x = random.randint(0, 4)
    random.seed(0)
    out, = RandomCrop(16)([img])
    assert out.size == (16, 16)
    got = np.asarray(out)
    np.testing.assert_array_equal(got[:10], np.asarray(img)[:, x:x + 16])
    assert not got[10:].any()


@pytest.mark.parametrize('seed', range(6))
def test_random_flip_flips_when_random_is_above_one_half(seed):
    img = image(10, 6)
    random.seed(seed)
    flip = random.random() > 0.5
    random.seed(seed)
    out, = RandomFlip()([img])
    expected = np.asarray(img)[:, ::-1] if flip else np.asarray(img)
    np.testing.assert_array_equal(np.asarray(out), expected)


def test_random_flip_probability_zero_and_one():
    img = image(10, 6)
    random.seed(0)
    for _ in range(20):
        np.testing.assert_array_equal(np.asarray(RandomFlip(0.0)([img])[0]), np.asarray(img))
        np.testing.assert_array_equal(np.asarray(RandomFlip(1.0)([img])[0]),
                                      np.asarray(img)[:, ::-1])


@pytest.mark.parametrize('size, expected', [
    ((30, 21), (32, 20)),   # round(7.5) = 8, round(5.25) = 5
    ((10, 18), (8, 16)),    # Python rounds halves to even: round(2.5) = 2, round(4.5) = 4
    ((1, 9), (4, 8)),       # would round to 0: kept at one base
])
def test_make_divisible_rounds_to_the_nearest_multiple_of_four(size, expected, monkeypatch):
    monkeypatch.setattr(make_divisible, '_warned', False)
    img = image(*size)
    with pytest.warns(UserWarning, match='multiple'):
        out, = MakeDivisible(4)([img])
    assert out.size == expected
    np.testing.assert_array_equal(np.asarray(out),
                                  np.asarray(img.resize(expected, Image.Resampling.BICUBIC)))


def test_make_divisible_keeps_a_divisible_image_and_warns_only_once(monkeypatch, recwarn):
    monkeypatch.setattr(make_divisible, '_warned', False)
    img = image(32, 20)
    assert MakeDivisible(4)([img])[0] is img
    assert not recwarn.list
    MakeDivisible(4)([image(30, 21)])
    MakeDivisible(4)([image(31, 21)])
    assert len(recwarn.list) == 1


def test_crop_then_flip_consume_random_numbers_in_the_reference_order():
    # reference get_params: x = randint, y = randint, flip = random() > 0.5, then transforms
    img = image(30, 26)
    pipeline = PairedPipeline(reference_pipeline('resize_and_crop', load_size=28, crop_size=20))
    for seed in range(8):
        random.seed(seed)
        x, y = random.randint(0, 8), random.randint(0, 8)
        flip = random.random() > 0.5
        expected = np.asarray(img.resize((28, 28), Image.Resampling.BICUBIC))[y:y + 20,
                                                                             x:x + 20]
        if flip:
            expected = expected[:, ::-1]
        random.seed(seed)
        out, = pipeline([img])
        np.testing.assert_array_equal(np.asarray(out), expected)


@pytest.mark.filterwarnings('ignore:Images of size')
@pytest.mark.parametrize('preprocess', ['resize_and_crop', 'crop', 'scale_width',
                                        'scale_width_and_crop', 'none'])
def test_every_preset_treats_a_and_b_identically(preprocess):
    # B is A with its channels reversed: any difference of crop, flip or resize breaks that
    a = random_array(37, 23, seed=1)
    pipeline = PairedPipeline(reference_pipeline(preprocess, load_size=30, crop_size=16))
    for seed in range(10):
        random.seed(seed)
        out_a, out_b = arrays(pipeline([Image.fromarray(a), Image.fromarray(a[:, :, ::-1])]))
        np.testing.assert_array_equal(out_b, out_a[:, :, ::-1])


def test_reference_presets_are_the_reference_transform_lists():
    assert reference_pipeline('resize_and_crop', 286, 256) == [
        dict(type='Resize', size=286), dict(type='RandomCrop', size=256),
        dict(type='RandomFlip')]
    assert reference_pipeline('crop', 286, 256, no_flip=True) == [
        dict(type='RandomCrop', size=256)]
    assert reference_pipeline('scale_width', 286, 256) == [
        dict(type='ScaleWidth', target_width=286, min_height=256), dict(type='RandomFlip')]
    assert reference_pipeline('scale_width_and_crop', 286, 256)[1] == dict(type='RandomCrop',
                                                                            size=256)
    assert reference_pipeline('none') == [dict(type='MakeDivisible', base=4),
                                          dict(type='RandomFlip')]
    with pytest.raises(ValueError, match="preprocess='resize'"):
        reference_pipeline('resize')
    with pytest.raises(ValueError, match='load_size'):
        reference_pipeline('crop', load_size=100, crop_size=256)


def test_transforms_are_built_by_name_from_the_registry():
    crop = TRANSFORMS.build(dict(type='RandomCrop', size=8))
    assert isinstance(crop, RandomCrop) and crop.size == 8
    with pytest.raises(UnknownComponentError, match='RandomCrop'):
        PairedPipeline([dict(type='RandomCorp', size=8)])


def test_pipeline_rejects_a_single_transform_and_non_callables():
    with pytest.raises(TypeError, match='list'):
        PairedPipeline(dict(type='RandomFlip'))
    with pytest.raises(TypeError, match='neither'):
        PairedPipeline([42])
    assert PairedPipeline([])([image(4, 4)])[0].size == (4, 4)
