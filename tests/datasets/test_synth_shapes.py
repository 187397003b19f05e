"""synth_shapes: determinism, the ground-truth modes, A independent of the mode, the render rule."""
import importlib.util
import json
import os
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from i2itools.datasets import AlignedDataset
from i2itools.datasets.synthetic import (MAX_MODES, MODE_PALETTE, SHAPE_KINDS, ModeShape,
                                         ShapesLayout, ensure_builtin, generate_synth_shapes,
                                         get_builtin, load_modes, mask_from_edges, outline_width,
                                         pixel_modes, recover_mode, render_edges, render_filled,
                                         render_shapes, synth_shapes_layout, synth_shapes_mode,
                                         synth_shapes_pair)
from i2itools.datasets.synthetic.shape_modes import BACKGROUND, SHADE_BOTTOM, SHADE_TOP

TINY = dict(size=32, num_train=4, num_val=2, num_test=2)
SCRIPT = Path(__file__).resolve().parents[2] / 'tools' / 'make_dataset.py'


def read_tree(root):
    return {os.path.relpath(os.path.join(d, n), root): open(os.path.join(d, n), 'rb').read()
            for d, _, names in os.walk(root) for n in names}


def halves(path):
    ab = np.asarray(Image.open(path).convert('RGB'))
    return ab[:, :ab.shape[1] // 2], ab[:, ab.shape[1] // 2:]


def test_writes_pairs_and_a_modes_file_per_split(tmp_path):
    assert generate_synth_shapes(tmp_path, **TINY) == dict(train=4, val=2, test=2)
    assert sorted(read_tree(tmp_path)) == sorted(
        [f'train/{i:04d}.png' for i in range(4)] + [f'{s}/{i:04d}.png' for s in ('val', 'test')
                                                    for i in range(2)]
        + [f'{s}_modes.json' for s in ('train', 'val', 'test')])
    img = Image.open(tmp_path / 'train' / '0000.png')
    assert img.size == (64, 32) and img.mode == 'RGB'
    truth = load_modes(tmp_path, 'val')
    assert truth['num_modes'] == 4 and truth['size'] == 32 and truth['split'] == 'val'
    assert truth['palette'] == MODE_PALETTE[:4].tolist()
    assert sorted(truth['modes']) == ['0000.png', '0001.png']


def test_same_seed_gives_the_same_bytes_and_another_seed_differs(tmp_path):
    generate_synth_shapes(tmp_path / 'one', **TINY)
    generate_synth_shapes(tmp_path / 'two', **TINY)
    generate_synth_shapes(tmp_path / 'other', seed=1, **TINY)
    one = read_tree(tmp_path / 'one')
    assert one == read_tree(tmp_path / 'two')
    other = read_tree(tmp_path / 'other')
    assert all(one[name] != other[name] for name in one if name.endswith('.png'))


def test_an_image_depends_only_on_seed_split_and_index(tmp_path):
    generate_synth_shapes(tmp_path / 'five', size=32, num_train=5, num_val=0, num_test=0)
    generate_synth_shapes(tmp_path / 'two', size=32, num_train=2, num_val=1, num_test=0)
    assert not (tmp_path / 'five' / 'val').exists()  # a split of 0 images is not made
    assert not (tmp_path / 'five' / 'val_modes.json').exists()
    a, b, _, _ = synth_shapes_pair(0, 'train', 3, size=32)
    np.testing.assert_array_equal(np.concatenate(halves(tmp_path / 'five' / 'train' / '0003.png'),
                                                 axis=1), np.concatenate([a, b], axis=1))
    name = 'train/0001.png'
    assert (tmp_path / 'five' / name).read_bytes() == (tmp_path / 'two' / name).read_bytes()
    layout = synth_shapes_layout(0, 'train', 3, 32)
    assert all(other != layout for other in (synth_shapes_layout(0, 'val', 3, 32),
                                             synth_shapes_layout(0, 'train', 4, 32),
                                             synth_shapes_layout(1, 'train', 3, 32)))


def test_modes_file_matches_the_colours_of_the_images(tmp_path):
    generate_synth_shapes(tmp_path, size=64, num_train=12, num_val=0, num_test=0)
    truth = load_modes(tmp_path, 'train')
    for index, (name, mode) in enumerate(sorted(truth['modes'].items())):
        a, b = halves(tmp_path / 'train' / name)
        layout = synth_shapes_layout(truth['seed'], 'train', index, truth['size'])
        assert recover_mode(b, layout.mask(), truth['num_modes']) == (mode, 1.0), name
        assert mode == synth_shapes_mode(0, 'train', index)
        np.testing.assert_array_equal(b, render_filled(layout, mode))
        np.testing.assert_array_equal(a, render_edges(layout))


@pytest.mark.parametrize('size', [32, 64, 256])
def test_the_shape_mask_is_recovered_from_the_outlines_of_a_alone(size):
    for index in range(40 if size < 256 else 8):
        a, b, layout, mode = synth_shapes_pair(0, 'test', index, size)
        mask = mask_from_edges(a)
        np.testing.assert_array_equal(mask, layout.mask(), err_msg=f'{size} px, image {index}')
        assert (b[~mask] == BACKGROUND).all() and not (b[mask] == BACKGROUND).all(axis=1).any()
        assert recover_mode(b, mask) == (mode, 1.0)


def test_modes_are_roughly_uniform_over_200_images():
    modes = Counter(synth_shapes_mode(0, 'train', i) for i in range(200))
    assert sorted(modes) == [0, 1, 2, 3]
    assert all(30 <= n <= 70 for n in modes.values()), modes  # 50 expected, sd 6
    eight = Counter(synth_shapes_mode(0, 'train', i, num_modes=8) for i in range(200))
    assert sorted(eight) == list(range(8))


def test_a_is_independent_of_the_mode():
    layout = synth_shapes_layout(0, 'train', 7, 64)
    pairs = [render_shapes(layout, mode) for mode in range(MAX_MODES)]
    assert all(np.array_equal(a, pairs[0][0]) for a, _ in pairs)
    bs = [b for _, b in pairs]
    assert all(not np.array_equal(bs[i], bs[j]) for i in range(len(bs)) for j in range(i))
    # the number of modes changes the mode draw, never the layout
    a4, _, layout4, _ = synth_shapes_pair(0, 'train', 7, 64, num_modes=4)
    a2, _, layout2, _ = synth_shapes_pair(0, 'train', 7, 64, num_modes=2)
    assert layout4 == layout2 == layout and np.array_equal(a4, a2)


def test_the_mode_is_not_predictable_from_the_number_or_kind_of_shapes():
    by_count = {}
    for index in range(400):
        layout = synth_shapes_layout(0, 'train', index, 32)
        by_count.setdefault(len(layout.shapes), []).append(synth_shapes_mode(0, 'train', index))
    for count, modes in by_count.items():
        assert len(set(modes)) == 4, count  # every mode occurs with every number of shapes


def test_a_is_black_outlines_on_white_scaled_with_the_size_and_b_has_none():
    assert [outline_width(s) for s in (32, 64, 128, 256, 512)] == [1, 1, 2, 3, 6]
    layout = ShapesLayout(64, (ModeShape('square', 32, 32, 20),))
    a, b = render_shapes(layout, 2)
    assert set(np.unique(a)) == {0, 255} and (a == a[:, :, :1]).all()
    row = a[32, :, 0]
    assert (row == 0).sum() == 2 and (a[:, 32, 0] == 0).sum() == 2  # two 1-px sides
    assert not (b == 0).all(axis=2).any()  # no black outline in B
    big = render_edges(ShapesLayout(256, (ModeShape('square', 128, 128, 80),)))
    assert (big[128, :, 0] == 0).sum() == 2 * outline_width(256)


def test_b_is_shaded_from_bright_at_the_top_to_dark_at_the_bottom():
    layout = ShapesLayout(128, (ModeShape('circle', 64, 64, 50),))
    b = render_filled(layout, 1).astype(float)
    column = b[14:114, 64]
    assert (np.diff(column.sum(axis=1)) <= 0).all()  # never brighter further down
    np.testing.assert_allclose(column[0], MODE_PALETTE[1] * SHADE_TOP, atol=2)
    np.testing.assert_allclose(column[-1], MODE_PALETTE[1] * SHADE_BOTTOM, atol=2)
    assert int(MODE_PALETTE.max()) * SHADE_TOP <= 255  # the brightest shade never clips


def test_a_left_right_flip_of_a_pair_is_the_pair_of_the_mirrored_layout():
    shapes = (ModeShape('triangle', 40, 50, 30), ModeShape('diamond', 100, 90, 20))
    mirrored = tuple(ModeShape(s.kind, 128 - s.cx, s.cy, s.radius) for s in shapes)
    for mode in range(4):
        a, b = render_shapes(ShapesLayout(128, shapes), mode)
        flipped_a, flipped_b = render_shapes(ShapesLayout(128, mirrored), mode)
        np.testing.assert_array_equal(a[:, ::-1], flipped_a)
        np.testing.assert_array_equal(b[:, ::-1], flipped_b)


def test_every_pixel_of_every_mode_is_read_back_at_any_shade():
    layout = ShapesLayout(96, (ModeShape('triangle', 30, 40, 25), ModeShape('circle', 70, 60, 20)))
    mask = layout.mask()
    for mode in range(MAX_MODES):
        b = render_filled(layout, mode)
        assert (pixel_modes(b, mask, MAX_MODES) == mode).all(), mode
    with pytest.raises(ValueError, match='empty mask'):
        recover_mode(b, np.zeros_like(mask))


def test_layouts_hold_one_to_three_separate_shapes_of_every_kind_inside_the_image():
    kinds, counts = set(), set()
    for index in range(60):
        layout = synth_shapes_layout(0, 'train', index, 64)
        counts.add(len(layout.shapes))
        kinds.update(s.kind for s in layout.shapes)
        for i, s in enumerate(layout.shapes):
            assert s.radius <= min(s.cx, s.cy, 64 - s.cx, 64 - s.cy)
            assert s.radius >= 0.13 * 64  # big enough to recognise at 64 px
            for t in layout.shapes[i + 1:]:
                assert np.hypot(s.cx - t.cx, s.cy - t.cy) > s.radius + t.radius + 2
    assert counts == {1, 2, 3} and kinds == set(SHAPE_KINDS)


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match='size must be'):
        generate_synth_shapes(tmp_path, size=16)
    with pytest.raises(ValueError, match='num_val'):
        generate_synth_shapes(tmp_path, size=32, num_val=-1)
    with pytest.raises(ValueError, match='num_modes must be an int from 1 to 8'):
        generate_synth_shapes(tmp_path, size=32, num_modes=9)
    with pytest.raises(ValueError, match='mode must be'):
        render_filled(synth_shapes_layout(0, 'train', 0, 32), 8)
    with pytest.raises(ValueError, match="unknown shape 'star'"):
        ShapesLayout(16, (ModeShape('star', 8, 8, 4),)).mask()
    with pytest.raises(FileNotFoundError, match='make_dataset.py synth_shapes'):
        load_modes(tmp_path, 'train')


def test_builtin_registry_declares_the_aligned_layout_and_the_modes_files():
    spec = get_builtin('synth_shapes')
    assert spec.layout == 'aligned' and spec.splits == ('train', 'val', 'test')
    assert spec.defaults == dict(size=256, num_train=1000, num_val=100, num_test=100,
                                 num_modes=4, seed=0)
    assert spec.folders_for('val') == ('val',) and spec.files_for('val') == ('val_modes.json',)


def test_aligned_dataset_generates_and_reads_it(tmp_path):
    root = tmp_path / 'shapes'
    ds = AlignedDataset(root, builtin=dict(name='synth_shapes', size=64, num_train=3, num_val=1,
                                           num_test=1), pipeline=[])
    assert len(ds) == 3 and ds[0]['A'].shape == ds[0]['B'].shape == (3, 64, 64)
    assert sorted(os.listdir(root)) == ['test', 'test_modes.json', 'train', 'train_modes.json',
                                        'val', 'val_modes.json']
    a, b, _, _ = synth_shapes_pair(0, 'train', 1, 64)
    np.testing.assert_array_equal(ds[1]['B'].permute(1, 2, 0).numpy(), b)


def test_ensure_builtin_brings_back_a_missing_modes_file_and_keeps_the_rest(tmp_path):
    options = dict(size=32, num_train=2, num_val=1, num_test=1)
    assert ensure_builtin('synth_shapes', tmp_path, 'train', **options)
    assert not ensure_builtin('synth_shapes', tmp_path, 'train', **options)
    before = read_tree(tmp_path)
    (tmp_path / 'train' / 'mine.txt').write_text('kept')
    os.remove(tmp_path / 'train_modes.json')
    assert ensure_builtin('synth_shapes', tmp_path, 'train', **options)
    after = read_tree(tmp_path)
    assert after.pop('train/mine.txt') == b'kept'
    assert after == before  # the same files, no scratch folder left behind


def test_cli_writes_it_at_64_pixels_with_a_number_of_modes(run_tool, tmp_path):
    done = run_tool('make_dataset.py', 'synth_shapes', '--size', '64', '--num-train', '3',
                    '--num-val', '1', '--num-test', '1', '--num-modes', '2', cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    root = tmp_path / 'data' / 'synth_shapes'
    assert 'train 3, val 1, test 1' in done.stdout
    truth = json.loads((root / 'train_modes.json').read_text())
    assert truth['num_modes'] == 2 and len(truth['palette']) == 2
    for name, mode in truth['modes'].items():
        a, b = halves(root / 'train' / name)
        assert a.shape == b.shape == (64, 64, 3)
        assert recover_mode(b, mask_from_edges(a), 2) == (mode, 1.0)


def test_cli_refuses_num_modes_for_a_dataset_without_modes(tmp_path):
    spec = importlib.util.spec_from_file_location('make_dataset', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(SystemExit) as info:
        module.main(['synth_facades', '--num-modes', '2', '--root', str(tmp_path / 'x')])
    assert 'synth_facades has no --num-modes option' in str(info.value.code)
    assert not (tmp_path / 'x').exists()


def _dataset_summary(root):
    ds = AlignedDataset(root, builtin=dict(name='synth_shapes', size=32, num_train=3,
                                               num_val=1, num_test=1), pipeline=[])
    return len(ds), ds[2]['B'].sum().item()


@pytest.mark.skipif(sys.platform != 'linux', reason='starts the workers with fork')
def test_concurrent_processes_generating_it_all_succeed(tmp_path, race):
    root = str(tmp_path / 'shapes')
    results = race(lambda: _dataset_summary(root))
    assert all(r[0] == 'ok' for r in results), results
    assert len({r[1:] for r in results}) == 1 and results[0][1] == 3
    expected = tmp_path / 'expected'
    generate_synth_shapes(expected, size=32, num_train=3, num_val=1, num_test=1)
    assert read_tree(root) == read_tree(expected)  # every folder and modes file, no scratch
