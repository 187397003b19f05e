"""synth_stripes: determinism, independent domains, the stripe rule and the true targets."""
import os

import numpy as np
import pytest
from PIL import Image

from i2itools.datasets.synthetic import (BACKGROUND, DARK_PALETTE, PALETTE, SHAPES, Shape,
                                         ShapeLayout, ensure_builtin, generate_synth_stripes,
                                         get_builtin, plain_image, random_layout, render_plain,
                                         render_striped, stripe_image, stripe_period,
                                         stripes_layout, synth_stripes_image)

TINY = dict(size=32, num_train=4, num_test=3)
FOLDERS = ['trainA', 'trainB', 'testA', 'testB', 'testA_true_B', 'testB_true_A']


def read_tree(root):
    return {os.path.relpath(os.path.join(d, n), root): open(os.path.join(d, n), 'rb').read()
            for d, _, names in os.walk(root) for n in names}


def load(path):
    return np.asarray(Image.open(path))


def test_writes_every_folder_and_counts_images_per_domain(tmp_path):
    counts = generate_synth_stripes(tmp_path, **TINY)
    assert counts == dict(trainA=4, trainB=4, testA=3, testB=3, testA_true_B=3, testB_true_A=3)
    assert sorted(read_tree(tmp_path)) == sorted(
        [f'train{d}/{i:04d}.png' for d in 'AB' for i in range(4)]
        + [f'{f}/{i:04d}.png' for f in FOLDERS[2:] for i in range(3)])
    img = Image.open(tmp_path / 'trainB' / '0000.png')
    assert img.size == (32, 32) and img.mode == 'RGB'


def test_same_seed_gives_the_same_bytes_and_another_seed_differs(tmp_path):
    generate_synth_stripes(tmp_path / 'one', **TINY)
    generate_synth_stripes(tmp_path / 'two', **TINY)
    generate_synth_stripes(tmp_path / 'other', seed=1, **TINY)
    one = read_tree(tmp_path / 'one')
    assert one == read_tree(tmp_path / 'two')
    other = read_tree(tmp_path / 'other')
    assert sum(one[name] == other[name] for name in one) <= 1  # a coincidence at most


def test_an_image_depends_only_on_seed_split_domain_and_index(tmp_path):
    generate_synth_stripes(tmp_path / 'five', size=32, num_train=5, num_test=0)
    generate_synth_stripes(tmp_path / 'two', size=32, num_train=2, num_test=1)
    assert not (tmp_path / 'five' / 'testA').exists()  # a split of 0 images is not made
    image, _, _ = synth_stripes_image(0, 'train', 'B', 3, size=32)
    np.testing.assert_array_equal(load(tmp_path / 'five' / 'trainB' / '0003.png'), image)
    for name in ('trainA/0001.png', 'trainB/0001.png'):
        assert (tmp_path / 'five' / name).read_bytes() == (tmp_path / 'two' / name).read_bytes()
    layout = stripes_layout(0, 'train', 'A', 3, 32)
    assert stripes_layout(0, 'train', 'A', 3, 32) == layout
    assert all(other != layout for other in (stripes_layout(0, 'test', 'A', 3, 32),
                                             stripes_layout(0, 'train', 'B', 3, 32),
                                             stripes_layout(0, 'train', 'A', 4, 32),
                                             stripes_layout(1, 'train', 'A', 3, 32)))


def test_the_two_domains_are_drawn_independently_so_no_pair_exists(tmp_path):
    generate_synth_stripes(tmp_path, size=32, num_train=8, num_test=0)
    for i in range(8):
        a = load(tmp_path / 'trainA' / f'{i:04d}.png')
        b = load(tmp_path / 'trainB' / f'{i:04d}.png')
        assert not np.array_equal(plain_image(b), a), i  # B's true A is not the A of index i
    shared = {stripes_layout(0, 'train', 'A', i, 32) for i in range(8)} & \
        {stripes_layout(0, 'train', 'B', i, 32) for i in range(8)}
    assert not shared


def test_written_true_targets_follow_the_rule(tmp_path):
    generate_synth_stripes(tmp_path, size=64, num_train=0, num_test=4)
    for i in range(4):
        a, true_b = (load(tmp_path / f / f'{i:04d}.png') for f in ('testA', 'testA_true_B'))
        b, true_a = (load(tmp_path / f / f'{i:04d}.png') for f in ('testB', 'testB_true_A'))
        np.testing.assert_array_equal(true_b, stripe_image(a))
        np.testing.assert_array_equal(true_b, render_striped(stripes_layout(0, 'test', 'A', i, 64)))
        np.testing.assert_array_equal(true_a, plain_image(b))
        np.testing.assert_array_equal(true_a, render_plain(stripes_layout(0, 'test', 'B', i, 64)))
        assert not np.array_equal(a, true_b) and not np.array_equal(b, true_a)


def test_striped_render_is_the_plain_one_with_dark_tones_on_every_other_band_of_rows():
    layout = ShapeLayout(64, (Shape('square', 32, 32, 28, 4),))
    plain, striped = render_plain(layout), render_striped(layout)
    period = stripe_period(64)
    assert period == 4
    inside = layout.color_map() == 4
    for y in range(64):
        row = inside[y]
        if not row.any():
            assert (striped[y] == BACKGROUND).all() and (plain[y] == BACKGROUND).all()
            continue
        expected = DARK_PALETTE[4] if y % period >= period // 2 else PALETTE[4]
        assert (striped[y][row] == expected).all(), y
        assert (plain[y][row] == PALETTE[4]).all()
        assert (striped[y][~row] == BACKGROUND).all()


def test_stripes_are_horizontal_so_a_left_right_flip_keeps_the_rule():
    plain = render_plain(random_layout(np.random.default_rng(5), 64))
    np.testing.assert_array_equal(stripe_image(plain[:, ::-1]), stripe_image(plain)[:, ::-1])


def test_plain_and_stripe_invert_each_other_and_keep_foreign_colours():
    for index in range(6):
        a, b, _ = synth_stripes_image(3, 'train', 'A', index, size=48)
        np.testing.assert_array_equal(stripe_image(a), b)
        np.testing.assert_array_equal(plain_image(b), a)
    odd = np.full((8, 8, 3), 17, np.uint8)
    np.testing.assert_array_equal(stripe_image(odd), odd)
    with pytest.raises(ValueError, match='H x W x 3'):
        stripe_image(np.zeros((8, 8), np.uint8))


def test_all_colours_of_the_rule_are_distinct():
    colours = [tuple(c) for c in np.concatenate([PALETTE, DARK_PALETTE, BACKGROUND[None]])]
    assert len(set(colours)) == len(colours)
    assert BACKGROUND.min() > 200  # a light background
    assert (DARK_PALETTE.astype(int).sum(1) < PALETTE.astype(int).sum(1)).all()


def test_stripe_period_scales_with_the_image_and_stays_even():
    assert [stripe_period(s) for s in (16, 32, 64, 128, 256, 512)] == [2, 2, 4, 8, 16, 32]
    assert all(stripe_period(s) % 2 == 0 for s in range(16, 300))


def test_layouts_hold_one_to_four_separate_shapes_of_every_kind_and_colour():
    kinds, colours, counts = set(), set(), set()
    for index in range(60):
        layout = stripes_layout(0, 'train', 'A', index, 64)
        counts.add(len(layout.shapes))
        for s in layout.shapes:
            kinds.add(s.kind)
            colours.add(s.color)
        for i, s in enumerate(layout.shapes):
            for t in layout.shapes[i + 1:]:
                assert np.hypot(s.cx - t.cx, s.cy - t.cy) > s.radius + t.radius
    assert counts <= {1, 2, 3, 4} and len(counts) >= 3
    assert kinds == set(SHAPES) and colours == set(range(len(PALETTE)))


@pytest.mark.parametrize('kind, area', [('circle', np.pi), ('square', 2.0),
                                        ('diamond', 2.0), ('triangle', 3 * np.sqrt(3) / 4)])
def test_each_shape_covers_its_geometric_area(kind, area):
    r = 40.0
    covered = (ShapeLayout(128, (Shape(kind, 64, 64, r, 0),)).color_map() == 0).sum()
    assert covered == pytest.approx(area * r * r, rel=0.03)


def test_unknown_shape_kind_is_named():
    with pytest.raises(ValueError, match="unknown shape 'star'"):
        ShapeLayout(16, (Shape('star', 8, 8, 4, 0),)).color_map()


def test_bad_generator_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match='size must be'):
        generate_synth_stripes(tmp_path, size=8)
    with pytest.raises(ValueError, match='num_test'):
        generate_synth_stripes(tmp_path, size=32, num_test=-1)
    with pytest.raises(ValueError, match="domain must be 'A' or 'B'"):
        stripes_layout(0, 'train', 'C', 0)


def test_builtin_registry_declares_the_unaligned_folders():
    spec = get_builtin('synth_stripes')
    assert spec.layout == 'unaligned'
    assert spec.defaults == dict(size=256, num_train=400, num_test=100, seed=0)
    assert spec.all_folders == tuple(FOLDERS)
    assert spec.folders_for('train') == ('trainA', 'trainB')
    assert spec.folders_for('testB') == ('testB',)
    with pytest.raises(ValueError, match="no split or folder 'val'.*splits: train, test"):
        spec.folders_for('val')
    facades = get_builtin('synth_facades')
    assert facades.layout == 'aligned' and facades.folders_for('val') == ('val',)


def test_ensure_builtin_fills_in_only_the_missing_folders(tmp_path):
    options = dict(size=32, num_train=2, num_test=1)
    assert ensure_builtin('synth_stripes', tmp_path, 'train', **options)
    assert sorted(os.listdir(tmp_path)) == sorted(FOLDERS) and not (tmp_path / 'train').exists()
    assert not ensure_builtin('synth_stripes', tmp_path, 'train', **options)
    before = read_tree(tmp_path)
    (tmp_path / 'trainA' / 'mine.txt').write_text('kept')
    for name in os.listdir(tmp_path / 'testB'):
        os.remove(tmp_path / 'testB' / name)
    os.rmdir(tmp_path / 'testB')
    assert ensure_builtin('synth_stripes', tmp_path, 'test', **options)
    assert (tmp_path / 'trainA' / 'mine.txt').read_text() == 'kept'
    after = read_tree(tmp_path)
    del after['trainA/mine.txt']
    assert after == before and sorted(os.listdir(tmp_path)) == sorted(FOLDERS)  # no scratch


def test_ensure_builtin_says_when_a_split_was_given_no_images(tmp_path):
    with pytest.raises(ValueError, match="made no testA.*split 'test' a positive number"):
        ensure_builtin('synth_stripes', tmp_path, 'test', size=32, num_train=1, num_test=0)
