"""synth_facades: determinism, the class table, palette look-up and the renderer."""
import os

import numpy as np
import pytest
from PIL import Image

from i2itools.datasets.synthetic import (CLASS_INDEX, FACADE_CLASSES, LABEL_PALETTE, TEXTURES,
                                         generate_synth_facades, get_builtin, labels_to_classes,
                                         render_facade, synth_facade_pair)
from i2itools.datasets.synthetic.synth_facades import NOISE

TINY = dict(size=32, num_train=4, num_val=2, num_test=2)


def read_tree(root):
    return {os.path.relpath(os.path.join(d, n), root): open(os.path.join(d, n), 'rb').read()
            for d, _, names in os.walk(root) for n in names}


def test_same_seed_gives_the_same_bytes_and_another_seed_differs(tmp_path):
    generate_synth_facades(tmp_path / 'one', **TINY)
    generate_synth_facades(tmp_path / 'two', **TINY)
    generate_synth_facades(tmp_path / 'other', seed=1, **TINY)
    one = read_tree(tmp_path / 'one')
    assert sorted(one) == sorted(
        [f'train/{i:04d}.png' for i in range(4)] + [f'{s}/{i:04d}.png' for s in ('val', 'test')
                                                    for i in range(2)])
    assert one == read_tree(tmp_path / 'two')
    other = read_tree(tmp_path / 'other')
    assert all(one[name] != other[name] for name in one)


def test_an_image_depends_only_on_seed_split_and_index(tmp_path):
    generate_synth_facades(tmp_path, size=32, num_train=5, num_val=0, num_test=0)
    label, picture, _ = synth_facade_pair(0, 'train', 3, size=32)
    saved = np.asarray(Image.open(tmp_path / 'train' / '0003.png'))
    np.testing.assert_array_equal(saved, np.concatenate([label, picture], axis=1))
    assert not (tmp_path / 'val').exists()  # a split of 0 images is not made
    assert not np.array_equal(synth_facade_pair(0, 'val', 3, 32)[0], label)
    assert not np.array_equal(synth_facade_pair(0, 'train', 4, 32)[0], label)


def test_images_are_2size_wide_rgb_pairs(tmp_path):
    generate_synth_facades(tmp_path, size=48, num_train=1, num_val=0, num_test=0)
    img = Image.open(tmp_path / 'train' / '0000.png')
    assert img.size == (96, 48) and img.mode == 'RGB'


def test_class_table_is_consistent():
    assert 5 <= len(FACADE_CLASSES) <= 8
    assert [c.index for c in FACADE_CLASSES] == list(range(len(FACADE_CLASSES)))
    assert len({c.name for c in FACADE_CLASSES}) == len(FACADE_CLASSES)
    assert len({c.label_color for c in FACADE_CLASSES}) == len(FACADE_CLASSES)
    assert all(c.texture in TEXTURES for c in FACADE_CLASSES)
    assert LABEL_PALETTE.shape == (len(FACADE_CLASSES), 3)
    assert {'sky', 'wall', 'window', 'door', 'balcony'} <= set(CLASS_INDEX)


def test_label_images_hold_only_palette_colours_and_give_back_the_class_map():
    seen = set()
    for index in range(12):
        label, _, classes = synth_facade_pair(0, 'train', index, size=64)
        np.testing.assert_array_equal(labels_to_classes(label), classes)
        seen.update(np.unique(classes).tolist())
    assert seen == set(range(len(FACADE_CLASSES)))  # every class occurs in a dozen images


def test_picture_is_the_render_of_the_class_map_plus_small_noise():
    for index in range(4):
        _, picture, classes = synth_facade_pair(0, 'test', index, size=64)
        diff = picture.astype(int) - render_facade(classes).astype(int)
        assert np.abs(diff).max() <= 2 * NOISE
        assert diff.std() > 0.5  # there is noise, and it is not just a constant shift


def test_each_class_renders_its_own_texture_around_its_base_colour():
    means = []
    for cls in FACADE_CLASSES:
        classes = np.full((256, 256), CLASS_INDEX['sky'], np.uint8)
        classes[32:224, 32:224] = cls.index
        patch = render_facade(classes)[32:224, 32:224].reshape(-1, 3).astype(float)
        assert np.unique(patch, axis=0).shape[0] > 1, f'{cls.name} has no texture'
        assert np.abs(np.median(patch, axis=0) - cls.base_color).max() < 60, cls.name
        means.append(patch.mean(axis=0))
    distances = np.linalg.norm(np.array(means)[:, None] - np.array(means)[None], axis=2)
    assert distances[~np.eye(len(means), dtype=bool)].min() > 10


def test_stray_label_colours_are_refused_unless_not_strict():
    label = LABEL_PALETTE[[[1, 2], [3, 0]]].copy()
    label[0, 0] = (5, 80, 250)  # close to wall
    with pytest.raises(ValueError, match=r'\(5, 80, 250\) is not in the synth_facades palette'):
        labels_to_classes(label)
    np.testing.assert_array_equal(labels_to_classes(label, strict=False), [[1, 2], [3, 0]])


def test_render_refuses_unknown_class_indices():
    with pytest.raises(ValueError, match='class indices'):
        render_facade(np.full((4, 4), len(FACADE_CLASSES)))


def test_bad_generator_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match='size must be'):
        generate_synth_facades(tmp_path, size=8)
    with pytest.raises(ValueError, match='num_val'):
        generate_synth_facades(tmp_path, size=32, num_val=-1)


def test_builtin_registry_knows_synth_facades_and_its_defaults():
    spec = get_builtin('synth_facades')
    assert spec.defaults == dict(size=256, num_train=400, num_val=100, num_test=100, seed=0)
    with pytest.raises(ValueError, match='available: synth_facades'):
        get_builtin('cityscapes')
