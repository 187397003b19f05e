"""AlignedDataset: the A|B split, direction, channels, the pipeline and every error it raises."""
import os
import random
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from i2itools.datasets import (AlignedDataset, DatasetError, DatasetNotFoundError,
                               LeftOutFilesWarning)
from i2itools.datasets.synthetic import BUILTIN_DATASETS, BuiltinDataset, generate_synth_facades
from i2itools.registry import DATASETS

TINY_FACADES = dict(name='synth_facades', size=32, num_train=3, num_val=1, num_test=1)


def halves(path):
    ab = np.asarray(Image.open(path).convert('RGB'))
    return ab[:, :ab.shape[1] // 2], ab[:, ab.shape[1] // 2:]


def chw(array):
    return torch.from_numpy(np.ascontiguousarray(array)).permute(2, 0, 1)


def test_items_are_the_left_and_right_halves_as_uint8_chw(pairs_root):
    ds = AlignedDataset(pairs_root, pipeline=[])
    assert len(ds) == 3
    for i, name in enumerate(['00.png', '01.png', '02.png']):
        item = ds[i]
        path = str(pairs_root / 'train' / name)
        a, b = halves(path)
        assert item['A'].dtype == torch.uint8 and item['A'].shape == (3, 16, 24)
        assert torch.equal(item['A'], chw(a)) and torch.equal(item['B'], chw(b))
        assert item['A_path'] == item['B_path'] == path


def test_btoa_swaps_the_halves(pairs_root):
    item = AlignedDataset(pairs_root, direction='BtoA', pipeline=[])[0]
    a, b = halves(pairs_root / 'train' / '00.png')
    assert torch.equal(item['A'], chw(b)) and torch.equal(item['B'], chw(a))


@pytest.mark.parametrize('direction', ['AtoB', 'BtoA'])
def test_grayscale_sides_are_converted_after_the_swap(pairs_root, direction):
    item = AlignedDataset(pairs_root, direction=direction, in_channels=1, pipeline=[])[0]
    left, right = halves(pairs_root / 'train' / '00.png')
    source = left if direction == 'AtoB' else right
    grey = np.array(Image.fromarray(source).convert('L'))
    assert item['A'].shape == (1, 16, 24)
    assert torch.equal(item['A'][0], torch.from_numpy(grey))
    assert item['B'].shape == (3, 16, 24)
    assert AlignedDataset(pairs_root, out_channels=1, pipeline=[])[0]['B'].shape == (1, 16, 24)


@pytest.mark.parametrize('setting', [dict(in_channels=5), dict(out_channels=2)])
def test_unsupported_channel_counts_are_refused_by_name(pairs_root, setting):
    name, value = next(iter(setting.items()))
    with pytest.raises(ValueError, match=f'{name}={value}'):
        AlignedDataset(pairs_root, **setting)


def test_unknown_direction_is_refused(pairs_root):
    with pytest.raises(ValueError, match="'AtoB' or 'BtoA'"):
        AlignedDataset(pairs_root, direction='A2B')


def test_crop_and_flip_are_identical_for_a_and_b(pairs_root):
    # in pairs_root B is A with reversed channels; so must every cropped, flipped item be
    ds = AlignedDataset(pairs_root, pipeline=[dict(type='Resize', size=(30, 20)),
                                              dict(type='RandomCrop', size=12),
                                              dict(type='RandomFlip')])
    flips = set()
    for seed in range(12):
        random.seed(seed)
        item = ds[seed % 3]
        assert item['A'].shape == (3, 12, 12)
        assert torch.equal(item['B'], item['A'].flip(0))
        random.seed(seed)
        random.randint(0, 18), random.randint(0, 8)
        flips.add(random.random() > 0.5)
    assert flips == {True, False}


def test_default_pipeline_is_the_reference_resize_and_crop(pairs_root):
    item = AlignedDataset(pairs_root)[0]
    assert item['A'].shape == item['B'].shape == (3, 256, 256)


def test_files_are_sorted_filtered_by_extension_and_truncated_by_max_size(tmp_path, write_pair):
    a = np.zeros((4, 4, 3), np.uint8)
    for name in ['c.PNG', 'a.JpG', 'b.bmp', 'sub/d.tiff']:
        write_pair(tmp_path / 'train' / name, a, a)
    (tmp_path / 'train' / 'notes.txt').write_text('not an image')
    with pytest.warns(LeftOutFilesWarning, match=r'1 \.txt \(notes\.txt\)'):
        dataset = AlignedDataset(tmp_path)
    names = [os.path.relpath(p, tmp_path / 'train') for p in dataset.paths]
    assert names == ['a.JpG', 'b.bmp', 'c.PNG', os.path.join('sub', 'd.tiff')]
    with pytest.warns(LeftOutFilesWarning):
        shorter = AlignedDataset(tmp_path, max_size=2)
    assert len(shorter) == 2 and shorter.paths[1].endswith('b.bmp')


def test_missing_data_root_says_where_what_is_there_and_how_to_make_it(tmp_path):
    (tmp_path / 'other').mkdir()
    root = tmp_path / 'synth_facades'
    with pytest.raises(DatasetNotFoundError) as info:
        AlignedDataset(root)
    message = str(info.value)
    assert str(root) in message and 'does not exist' in message
    assert 'other/' in message  # what the parent folder holds
    assert 'side by side' in message and 'train/0001.png' in message
    assert f'python tools/make_dataset.py synth_facades --root {root}' in message
    assert isinstance(info.value, FileNotFoundError)


def test_missing_split_lists_the_split_folders_that_exist(pairs_root):
    with pytest.raises(DatasetNotFoundError) as info:
        AlignedDataset(pairs_root, split='val')
    message = str(info.value)
    assert "split='val'" in message and str(pairs_root / 'val') in message
    assert 'contains: train/' in message
    assert 'make_dataset.py NAME' in message and 'synth_facades' in message


def test_folder_without_images_lists_its_contents(tmp_path):
    (tmp_path / 'train').mkdir()
    (tmp_path / 'train' / 'readme.txt').write_text('hi')
    with pytest.raises(DatasetError, match='No image files') as info:
        AlignedDataset(tmp_path)
    assert 'readme.txt' in str(info.value) and '.png' in str(info.value)


def test_corrupt_image_fails_on_loading_with_its_path_and_cause(tmp_path):
    bad = tmp_path / 'train' / 'bad.jpg'
    bad.parent.mkdir()
    bad.write_bytes(b'\xff\xd8 this is not a jpeg')
    ds = AlignedDataset(tmp_path, pipeline=[], check_images='none')  # else found at start
    with pytest.raises(DatasetError) as info:
        ds[0]
    assert str(bad) in str(info.value) and 'Cannot read image' in str(info.value)
    assert info.value.__cause__ is not None


def test_truncated_image_fails_on_loading(tmp_path, write_pair):
    path = write_pair(tmp_path / 'train' / 'a.png', np.full((8, 8, 3), 9, np.uint8),
                      np.zeros((8, 8, 3), np.uint8))
    data = open(path, 'rb').read()
    open(path, 'wb').write(data[:len(data) // 2])
    with pytest.raises(DatasetError, match='a.png'):
        AlignedDataset(tmp_path, pipeline=[])[0]


def test_odd_width_is_refused_with_path_and_size(tmp_path):
    path = tmp_path / 'train' / 'odd.png'
    path.parent.mkdir()
    Image.new('RGB', (25, 16)).save(path)
    with pytest.raises(DatasetError) as info:
        AlignedDataset(tmp_path, pipeline=[])[0]
    assert str(path) in str(info.value) and '25x16' in str(info.value)
    assert 'even' in str(info.value)


def test_a_and_b_of_different_sizes_after_the_pipeline_are_refused(pairs_root):
    def shrink_first(images):
        return [images[0].resize((5, 5))] + images[1:]

    with pytest.raises(DatasetError) as info:
        AlignedDataset(pairs_root, pipeline=[shrink_first])[0]
    message = str(info.value)
    assert '00.png' in message and 'A is 5x5' in message and 'B is 24x16' in message


def test_built_by_name_from_the_registry(pairs_root):
    ds = DATASETS.build(dict(type='AlignedDataset', data_root=str(pairs_root), pipeline=[]))
    assert isinstance(ds, AlignedDataset) and len(ds) == 3


def test_builtin_data_is_generated_when_missing_and_no_scratch_is_left(tmp_path):
    root = tmp_path / 'facades'
    ds = AlignedDataset(root, split='val', builtin=TINY_FACADES, pipeline=[])
    assert len(ds) == 1 and ds[0]['A'].shape == (3, 32, 32)
    assert sorted(os.listdir(root)) == ['test', 'train', 'val']
    assert len(AlignedDataset(root, builtin=TINY_FACADES, pipeline=[])) == 3


def test_unknown_builtin_name_lists_the_available_ones(tmp_path):
    with pytest.raises(ValueError, match="'facades' is not a built-in.*synth_facades"):
        AlignedDataset(tmp_path / 'x', builtin='facades')


def test_builtin_keeps_the_split_another_process_moved_in_first(tmp_path, monkeypatch):
    root = tmp_path / 'facades'

    def generate_and_lose_the_race(scratch, size=256, num_train=400, num_val=100,
                                   num_test=100):
        counts = generate_synth_facades(scratch, size, num_train, num_val, num_test)
        # meanwhile another process finishes and moves its own copy into place
        theirs = root / 'train'
        theirs.mkdir(parents=True)
        Image.new('RGB', (64, 32)).save(theirs / 'theirs.png')
        return counts

    monkeypatch.setitem(BUILTIN_DATASETS, 'synth_facades', BuiltinDataset(
        'synth_facades', generate_and_lose_the_race, 'test double'))
    ds = AlignedDataset(root, builtin=TINY_FACADES, pipeline=[])
    assert [os.path.basename(p) for p in ds.paths] == ['theirs.png']
    assert sorted(os.listdir(root)) == ['test', 'train', 'val']  # ours filled the others


def _dataset_summary(root):
    ds = AlignedDataset(root, builtin=TINY_FACADES, pipeline=[])
    return len(ds), ds[2]['B'].sum().item()


@pytest.mark.skipif(sys.platform != 'linux', reason='starts the workers with fork')
def test_concurrent_processes_generating_the_builtin_data_all_succeed(tmp_path, race):
    root = str(tmp_path / 'facades')
    results = race(lambda: _dataset_summary(root))
    assert all(r[0] == 'ok' for r in results), results
    assert len({r[1:] for r in results}) == 1 and results[0][1] == 3
    assert sorted(os.listdir(root)) == ['test', 'train', 'val']
    expected = tmp_path / 'expected'
    generate_synth_facades(expected, size=32, num_train=3, num_val=1, num_test=1)
    for split in ['train', 'val', 'test']:
        for name in os.listdir(expected / split):
            assert (expected / split / name).read_bytes() == \
                open(os.path.join(root, split, name), 'rb').read()
