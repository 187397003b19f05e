"""Every file of a dataset is checked when it is built: bad files are listed (or left out) before
training starts, in parallel for large sets, cached by size and modification time."""
import io
import os
import random
import warnings

import numpy as np
import pytest
import torch
from PIL import Image

from i2itools.datasets import (AlignedDataset, DatasetError, FileListDataset,
                               PairedFolderDataset, SingleDataset, UnalignedDataset)
from i2itools.datasets import image_facts
from i2itools.datasets.bad_image_policy import SkippedImageWarning
from i2itools.datasets.startup_check import SHOWN, OddSizeWarning

CROP = [dict(type='Resize', size=36), dict(type='RandomCrop', size=32)]


def save(array, path):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path)
    return path


def rgb(height, width, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


def domains(root, count, side, folders=('trainA', 'trainB')):
    """``count`` images of ``side`` px in each of the ``folders`` of ``root``."""
    for folder in folders:
        for i in range(count):
            save(rgb(side, side, i), root / folder / f'{i}.png')


def mixed_set(root, good=8):
    """``good`` readable 32x64 pairs under ``root/train``, and one file of each bad kind."""
    train = root / 'train'
    for i in range(good):
        save(rgb(32, 64, i), train / f'{i:04d}.png')
    (train / 'empty.png').write_bytes(b'')
    (train / 'notes.png').write_text('my notes on the data, saved with the wrong name\n')
    save(rgb(32, 64), train / 'x.jpg' / 'inside.png')  # a folder named like an image
    os.symlink(root / 'moved_away.png', train / 'link.png')
    save(rgb(2, 1), train / 'tiny.png')  # 1 px wide, 2 high
    save(np.full((32, 64), 40000, np.uint16), train / 'depth.png')  # 16-bit, 1 channel
    return train


EXPECTED = {
    'depth.png': 'A images have 1 channel but in_channels=3 (16-bit): set in_channels=1',
    'empty.png': 'is empty (0 bytes)',
    'link.png': 'is a link to a missing file',
    'notes.png': 'is not an image (no image format recognises its contents)',
    'tiny.png': 'is 1x2: an aligned pair is A and B side by side, so its width must be even',
    'x.jpg': 'is a folder, not an image file',
}


def test_every_bad_file_of_a_mixed_set_is_listed_with_its_problem(tmp_path):
    train = mixed_set(tmp_path)
    with pytest.raises(DatasetError) as info:
        AlignedDataset(tmp_path, pipeline=CROP)
    lines = str(info.value).splitlines()
    assert lines[0] == (f"AlignedDataset: 6 of 15 files under '{train}' cannot be used (every "
                        'file is checked before training):')
    listed = dict(line.strip().split(': ', 1) for line in lines[1:-1])
    assert sorted(listed) == sorted(EXPECTED)
    for name, problem in EXPECTED.items():
        assert listed[name].startswith(problem), (name, listed[name])
    assert lines[-1] == ("Fix or remove them, or set the dataset's on_bad_image='skip' to leave "
                         'them out with a warning.')


def test_skip_leaves_the_bad_files_out_with_one_warning_that_lists_them(tmp_path):
    train = mixed_set(tmp_path)
    with pytest.warns(SkippedImageWarning) as caught:
        dataset = AlignedDataset(tmp_path, pipeline=CROP, on_bad_image='skip')
    assert len(dataset) == 9  # the 8 pairs and the one inside the folder named x.jpg
    assert str(caught[0].message).startswith(
        f"AlignedDataset: left out 6 of 15 files under '{train}' that cannot be used "
        "(on_bad_image='skip'):\n  depth.png: ")
    assert dataset[0]['A'].shape == (3, 32, 32)


def test_one_bad_file_is_named_in_one_line_with_the_fix(tmp_path):
    mixed_set(tmp_path / 'data', good=3)
    train = tmp_path / 'data' / 'train'
    for name in ('notes.png', 'link.png', 'tiny.png', 'depth.png'):
        os.remove(train / name)
    (train / 'x.jpg' / 'inside.png').unlink()
    (train / 'x.jpg').rmdir()
    with pytest.raises(DatasetError) as info:
        AlignedDataset(tmp_path / 'data', pipeline=CROP)
    assert str(info.value) == (f"AlignedDataset: '{train / 'empty.png'}' is empty (0 bytes): "
                               "replace or remove it, or set the dataset's on_bad_image='skip' "
                               'to leave out files that cannot be used.')


def test_many_bad_files_are_counted_after_the_first_ones(tmp_path):
    for i in range(SHOWN + 3):
        (tmp_path / 'trainA' / f'{i:02d}.png').parent.mkdir(exist_ok=True)
        (tmp_path / 'trainA' / f'{i:02d}.png').write_bytes(b'')
    save(rgb(32, 32), tmp_path / 'trainA' / 'good.png')
    save(rgb(32, 32), tmp_path / 'trainB' / 'good.png')
    with pytest.raises(DatasetError) as info:
        UnalignedDataset(tmp_path, pipeline=[])
    lines = str(info.value).splitlines()
    assert lines[0].startswith(f'UnalignedDataset: {SHOWN + 3} of {SHOWN + 4} files under ')
    assert len(lines) == SHOWN + 3 and lines[-2] == '  ... and 3 more'


def test_a_set_with_no_usable_file_says_so_even_when_skipping(tmp_path):
    (tmp_path / 'photos').mkdir()
    (tmp_path / 'photos' / 'a.png').write_bytes(b'')
    (tmp_path / 'photos' / 'b.png').write_text('text')
    with pytest.raises(DatasetError) as info:
        SingleDataset(tmp_path / 'photos', on_bad_image='skip')
    assert str(info.value).startswith(
        f"SingleDataset: none of its 2 files under '{tmp_path / 'photos'}' can be used:\n"
        '  a.png: is empty (0 bytes)\n  b.png: is not an image')


def test_an_image_smaller_than_the_crop_is_found_before_any_item_is_read(tmp_path):
    domains(tmp_path, 3, 40)
    small = save(rgb(20, 24), tmp_path / 'trainB' / 'small.png')
    with pytest.raises(DatasetError) as info:
        UnalignedDataset(tmp_path, pipeline=[dict(type='RandomCrop', size=32)])
    assert str(info.value) == (
        f"'{small}': the image is 24x20 where RandomCrop(size=32) needs at least 32x32: resize "
        'it first (a Resize of at least 32 before the crop), lower the crop size, or remove the '
        "file. Or set the dataset's on_bad_image='skip' to leave out files that cannot be used.")


def test_a_pair_with_a_bad_file_is_left_out_as_a_whole(tmp_path):
    domains(tmp_path, 3, 32)
    (tmp_path / 'trainB' / '1.png').write_bytes(b'\x89PNG\r\n')  # a header cut short
    with pytest.warns(SkippedImageWarning, match=r"left out 1 of 3 items .*\n  trainB/1.png: "):
        dataset = PairedFolderDataset(tmp_path, pipeline=[], on_bad_image='skip')
    assert [os.path.basename(a) for a, _ in dataset.pairs] == ['0.png', '2.png']


def test_lines_of_a_list_naming_bad_files_are_left_out(tmp_path):
    good = [save(rgb(32, 32, i), tmp_path / f'{i}.png') for i in range(2)]
    (tmp_path / 'bad.png').write_bytes(b'')
    listing = tmp_path / 'list.txt'
    listing.write_text('0.png\nbad.png\n1.png\n')
    with pytest.warns(SkippedImageWarning):
        dataset = FileListDataset(listing, pipeline=[], on_bad_image='skip')
    assert [item[0] for item in dataset.items] == [str(p) for p in good]


def test_decode_finds_a_truncated_file_whose_header_reads(tmp_path):
    buffer = io.BytesIO()
    Image.fromarray(rgb(32, 32)).save(buffer, 'JPEG')
    (tmp_path / 'photos').mkdir()
    (tmp_path / 'photos' / 'cut.jpg').write_bytes(buffer.getvalue()[:len(buffer.getvalue()) // 2])
    save(rgb(32, 32), tmp_path / 'photos' / 'fine.png')
    assert len(SingleDataset(tmp_path / 'photos')) == 2  # the header alone looks fine
    with pytest.raises(DatasetError, match=r"cut.jpg' cannot be read as an image \(OSError: "
                                           r'image file is truncated'):
        SingleDataset(tmp_path / 'photos', check_images='decode')


def test_check_images_none_checks_nothing_and_other_levels_are_refused(tmp_path):
    mixed_set(tmp_path)
    assert len(AlignedDataset(tmp_path, pipeline=CROP, check_images='none')) == 15
    with pytest.raises(DatasetError, match="check_images='full' is not a level: use 'header'"):
        AlignedDataset(tmp_path, pipeline=CROP, check_images='full')


def test_the_check_leaves_the_random_generators_as_they_were(tmp_path):
    for i in range(4):
        save(rgb(40, 80, i), tmp_path / 'train' / f'{i}.png')
    random.seed(3), np.random.seed(3), torch.manual_seed(3)
    expected = random.random(), np.random.rand(), torch.rand(1)
    random.seed(3), np.random.seed(3), torch.manual_seed(3)
    AlignedDataset(tmp_path, pipeline=[*CROP, dict(type='RandomFlip')])
    assert (random.random(), np.random.rand(), torch.rand(1)) == expected


def test_items_of_another_size_than_nearly_all_others_are_named_in_a_warning(tmp_path):
    domains(tmp_path, 10, 16)
    tiny = save(rgb(2, 1), tmp_path / 'trainA' / 'tiny.png')
    with pytest.warns(OddSizeWarning) as caught:
        UnalignedDataset(tmp_path, pipeline=[dict(type='RandomFlip')])
    assert str(caught[0].message).endswith(f'the files):\n  {tiny}: 1x2')
    assert 'after the pipeline, 1 of 11 items are not 16x16 like the others' in \
        str(caught[0].message)


def test_photos_of_many_sizes_are_no_odd_size(tmp_path):
    for i, size in enumerate([(20, 30), (40, 24), (64, 64), (32, 48)]):
        save(rgb(*size, i), tmp_path / f'{i}.png')
    with warnings.catch_warnings():
        warnings.simplefilter('error', OddSizeWarning)
        SingleDataset(tmp_path)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of this test, used from 4 files on, and a count of the files read."""
    monkeypatch.setenv('I2ITOOLS_CACHE', str(tmp_path / 'cache'))
    monkeypatch.setattr(image_facts, 'CACHE_FROM', 4)
    reads = []
    real = image_facts.image_facts
    monkeypatch.setattr(image_facts, 'image_facts',
                        lambda path, decode=False: reads.append(path) or real(path, decode))
    return reads


def test_a_restart_reads_only_the_files_that_changed(tmp_path, cache):
    paths = [save(rgb(32, 32, i), tmp_path / 'photos' / f'{i}.png') for i in range(6)]
    SingleDataset(tmp_path / 'photos')
    assert len(cache) == 6
    cache.clear()
    SingleDataset(tmp_path / 'photos')
    assert cache == []
    save(rgb(8, 8), paths[2])  # another size and modification time
    (tmp_path / 'photos' / '4.png').write_bytes(b'')
    with pytest.raises(DatasetError, match="4.png' is empty"):
        SingleDataset(tmp_path / 'photos')
    assert sorted(cache) == [str(paths[2]), str(paths[4])]


def test_a_decoding_check_is_not_answered_by_a_header_check_of_the_cache(tmp_path, cache):
    for i in range(4):
        save(rgb(32, 32, i), tmp_path / 'photos' / f'{i}.png')
    SingleDataset(tmp_path / 'photos')
    cache.clear()
    SingleDataset(tmp_path / 'photos', check_images='decode')
    assert len(cache) == 4
    cache.clear()
    SingleDataset(tmp_path / 'photos')  # a decoding check answers a header check
    assert cache == []


def test_large_sets_are_read_by_several_processes_with_the_same_result(tmp_path, monkeypatch):
    train = mixed_set(tmp_path)
    serial = image_facts.scan_image_files(sorted(str(p) for p in train.iterdir()))
    monkeypatch.setattr(image_facts, 'PARALLEL_FROM', 2)
    monkeypatch.setattr(image_facts, 'CHUNK', 3)
    assert image_facts.scan_image_files(sorted(str(p) for p in train.iterdir())) == serial
