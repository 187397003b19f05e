"""tools/make_aligned.py joins two folders by name into A|B images and tools/split_aligned.py
splits them back, keeping 16 bits; strays and mismatched pairs are refused by name."""
import numpy as np

from i2itools.datasets import AlignedDataset
from i2itools.utils.image_io import read_image, write_image


def random_pixels(shape, dtype=np.uint16, seed=0):
    return np.random.default_rng(seed).integers(0, np.iinfo(dtype).max, shape, dtype=dtype)


def two_folders(root):
    """root/A and root/B: 16-bit grey pairs 'x' (png, tif) and 'sub/y' (png, png)."""
    pairs = {}
    for seed, (stem, b_ext) in enumerate([('x', '.tif'), ('sub/y', '.png')]):
        a, b = random_pixels((6, 5), seed=seed), random_pixels((6, 5), seed=seed + 10)
        write_image(str(root / 'A' / f'{stem}.png'), a)
        write_image(str(root / 'B' / f'{stem}{b_ext}'), b)
        pairs[stem] = a, b
    return pairs


def test_joined_pairs_read_back_by_the_aligned_dataset_and_split_back_unchanged(
        run_tool_process, tmp_path):
    pairs = two_folders(tmp_path)
    # the real processes of make_aligned.py and split_aligned.py
    result = run_tool_process('make_aligned.py', tmp_path / 'A', tmp_path / 'B', tmp_path / 'ab',
                      '--split', 'train')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'Wrote 2 aligned pairs' in result.stdout
    joined = read_image(str(tmp_path / 'ab' / 'train' / 'sub' / 'y.png'))
    assert joined.dtype == np.uint16 and joined.shape == (6, 10)
    np.testing.assert_array_equal(joined, np.concatenate(pairs['sub/y'], axis=1))
    item = AlignedDataset(tmp_path / 'ab', in_channels=1, out_channels=1, pipeline=[])[0]
    np.testing.assert_array_equal(item['A'][0].numpy(), pairs['sub/y'][0])

    result = run_tool_process('split_aligned.py', tmp_path / 'ab' / 'train', tmp_path / 'back',
                              '--split', 'train')
    assert result.returncode == 0, result.stderr[-3000:]
    for stem, (a, b) in pairs.items():
        for side, original in (('A', a), ('B', b)):
            back = read_image(str(tmp_path / 'back' / f'train{side}' / f'{stem}.png'))
            np.testing.assert_array_equal(back, original)


def test_grey_beside_rgb_is_repeated_to_rgb(run_tool, tmp_path):
    grey, rgb = random_pixels((4, 4), np.uint8), random_pixels((4, 4, 3), np.uint8)
    write_image(str(tmp_path / 'A' / 'p.png'), grey)
    write_image(str(tmp_path / 'B' / 'p.jpg'), rgb)
    result = run_tool('make_aligned.py', tmp_path / 'A', tmp_path / 'B', tmp_path / 'ab')
    assert result.returncode == 0, result.stderr[-3000:]
    joined = read_image(str(tmp_path / 'ab' / 'p.png'))
    np.testing.assert_array_equal(joined[:, :4], np.repeat(grey[:, :, None], 3, axis=2))
    np.testing.assert_array_equal(joined[:, 4:], read_image(str(tmp_path / 'B' / 'p.jpg')))


def test_strays_stop_the_tool_unless_skipped(run_tool, tmp_path):
    two_folders(tmp_path)
    write_image(str(tmp_path / 'A' / 'stray.png'), random_pixels((6, 5)))
    result = run_tool('make_aligned.py', tmp_path / 'A', tmp_path / 'B', tmp_path / 'ab')
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert (f"1 of 3 A files have no B file of the same name ('{tmp_path}/A/stray.png')"
            in result.stderr)
    assert 'pass --unmatched skip to use the 2 matched pairs only' in result.stderr
    result = run_tool('make_aligned.py', tmp_path / 'A', tmp_path / 'B', tmp_path / 'ab',
                      '--unmatched', 'skip')
    assert result.returncode == 0 and 'Wrote 2 aligned pairs' in result.stdout
    assert 'stray.png' in result.stderr  # the warning


def test_pairs_of_different_sizes_or_depths_are_refused_naming_both_files(run_tool, tmp_path):
    write_image(str(tmp_path / 'A' / 'p.png'), random_pixels((6, 5)))
    write_image(str(tmp_path / 'B' / 'p.png'), random_pixels((6, 4), np.uint8))
    result = run_tool('make_aligned.py', tmp_path / 'A', tmp_path / 'B', tmp_path / 'ab')
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert (f"'{tmp_path}/A/p.png' and '{tmp_path}/B/p.png' have different sizes 5x6 and 4x6, "
            'pixel types uint16 and uint8') in result.stderr
    assert 'PairedFolderDataset' in result.stderr
