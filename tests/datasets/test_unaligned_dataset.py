"""UnalignedDataset: pairing, length, direction, channels, independent transforms and errors."""
import os
import random
import sys

import numpy as np
import pytest
import torch
from PIL import Image

from i2itools.datasets import (DatasetError, DatasetNotFoundError, LeftOutFilesWarning,
                               UnalignedDataset)
from i2itools.datasets.synthetic import generate_synth_stripes
from i2itools.registry import DATASETS

TINY_STRIPES = dict(name='synth_stripes', size=32, num_train=3, num_test=2)


def write_image(path, array):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path)
    return str(path)


@pytest.fixture
def unpaired_root(tmp_path):
    """``tmp_path/data`` with 3 images in trainA and 5 in trainB (16 high, 24 wide), each
    different, so that any image can be recognised."""
    rng = np.random.default_rng(0)
    for domain, count in (('A', 3), ('B', 5)):
        for i in range(count):
            write_image(tmp_path / 'data' / f'train{domain}' / f'{i:02d}.png',
                        rng.integers(0, 256, (16, 24, 3), dtype=np.uint8))
    return tmp_path / 'data'


def names(paths):
    return [os.path.relpath(p, os.path.dirname(os.path.dirname(p))) for p in paths]


def chw(path, mode='RGB'):
    array = np.array(Image.open(path).convert(mode))
    array = array[:, :, None] if array.ndim == 2 else array
    return torch.from_numpy(array).permute(2, 0, 1)


def test_items_are_the_two_images_as_uint8_chw_with_their_paths(unpaired_root):
    ds = UnalignedDataset(unpaired_root, pipeline=[], serial_batches=True)
    item = ds[1]
    assert set(item) == {'A', 'B', 'A_path', 'B_path'}
    assert item['A'].dtype == torch.uint8 and item['A'].shape == (3, 16, 24)
    assert names([item['A_path'], item['B_path']]) == ['trainA/01.png', 'trainB/01.png']
    assert torch.equal(item['A'], chw(item['A_path']))
    assert torch.equal(item['B'], chw(item['B_path']))


def test_length_is_the_larger_domain_and_a_wraps_around(unpaired_root):
    ds = UnalignedDataset(unpaired_root, pipeline=[], serial_batches=True)
    assert len(ds) == 5
    assert names(ds[i]['A_path'] for i in range(5)) == [
        'trainA/00.png', 'trainA/01.png', 'trainA/02.png', 'trainA/00.png', 'trainA/01.png']
    assert names(ds[i]['B_path'] for i in range(5)) == [f'trainB/{i:02d}.png' for i in range(5)]
    assert ds[-1]['A_path'] == ds[4]['A_path']
    with pytest.raises(IndexError, match='index 5 out of range for 5'):
        ds[5]


def test_serial_b_wraps_around_when_b_is_the_smaller_domain(unpaired_root):
    ds = UnalignedDataset(unpaired_root, pipeline=[], serial_batches=True, direction='BtoA')
    assert len(ds) == 5
    assert names(ds[i]['B_path'] for i in range(5)) == [
        'trainA/00.png', 'trainA/01.png', 'trainA/02.png', 'trainA/00.png', 'trainA/01.png']


def test_random_pairing_draws_b_with_python_random_like_the_reference(unpaired_root):
    ds = UnalignedDataset(unpaired_root, pipeline=[])
    random.seed(7)
    expected = [f'trainB/{random.randint(0, 4):02d}.png' for _ in range(40)]
    random.seed(7)
    drawn = names(ds[i % 5]['B_path'] for i in range(40))
    assert drawn == expected
    assert len(set(drawn)) == 5  # every B is reachable, not only B[i % len(B)]
    assert drawn[:5] != [f'trainB/{i:02d}.png' for i in range(5)]
    assert names(ds[i]['A_path'] for i in range(3)) == [f'trainA/{i:02d}.png' for i in range(3)]


def test_a_and_b_get_independent_random_crops_and_flips(tmp_path):
    gradient = np.arange(16 * 16 * 3, dtype=np.int64).reshape(16, 16, 3) % 251
    same = gradient.astype(np.uint8)
    write_image(tmp_path / 'trainA' / '0.png', same)
    write_image(tmp_path / 'trainB' / '0.png', same)
    ds = UnalignedDataset(tmp_path, serial_batches=True, pipeline=[
        dict(type='RandomCrop', size=8), dict(type='RandomFlip')])
    source = chw(tmp_path / 'trainA' / '0.png')
    crops = [source[:, y:y + 8, x:x + 8] for y in range(9) for x in range(9)]
    views = {view.contiguous().numpy().tobytes() for c in crops for view in (c, c.flip(-1))}
    random.seed(0)
    items = [ds[0] for _ in range(20)]
    assert all(it['A'].numpy().tobytes() in views and it['B'].numpy().tobytes() in views
               for it in items)
    # one paired transform would make A and B equal every time: their source is the same image
    assert sum(not torch.equal(it['A'], it['B']) for it in items) >= 15


def test_pipeline_is_called_once_per_image_with_a_one_image_list(unpaired_root):
    calls = []

    def record(images):
        calls.append(len(images))
        return images

    dataset = UnalignedDataset(unpaired_root, pipeline=[record])
    calls.clear()  # the start-up check tried the pipeline on each kind of file
    dataset[0]
    assert calls == [1, 1]


def test_btoa_reads_a_from_the_b_folder(unpaired_root):
    ds = UnalignedDataset(unpaired_root, pipeline=[], serial_batches=True, direction='BtoA')
    item = ds[3]
    assert names([item['A_path'], item['B_path']]) == ['trainB/03.png', 'trainA/00.png']
    assert len(ds.A_paths) == 5 and len(ds.B_paths) == 3


@pytest.mark.parametrize('direction', ['AtoB', 'BtoA'])
def test_grayscale_is_chosen_per_domain_after_the_swap(unpaired_root, direction):
    ds = UnalignedDataset(unpaired_root, pipeline=[], serial_batches=True, in_channels=1,
                          direction=direction)
    item = ds[0]
    assert item['A'].shape == (1, 16, 24) and item['B'].shape == (3, 16, 24)
    assert torch.equal(item['A'], chw(item['A_path'], 'L'))
    ds = UnalignedDataset(unpaired_root, pipeline=[], out_channels=1, direction=direction)
    assert ds[0]['A'].shape[0] == 3 and ds[0]['B'].shape[0] == 1


@pytest.mark.parametrize('setting', [dict(in_channels=5), dict(out_channels=2)])
def test_unsupported_channel_counts_are_refused_by_name(unpaired_root, setting):
    name, value = next(iter(setting.items()))
    with pytest.raises(ValueError, match=f'{name}={value}'):
        UnalignedDataset(unpaired_root, **setting)


def test_unknown_direction_is_refused(unpaired_root):
    with pytest.raises(ValueError, match="direction='A2B'"):
        UnalignedDataset(unpaired_root, direction='A2B')


def test_max_size_truncates_each_domain(unpaired_root):
    ds = UnalignedDataset(unpaired_root, pipeline=[], max_size=2)
    assert len(ds.A_paths) == 2 and len(ds.B_paths) == 2 and len(ds) == 2


def test_metainfo_and_repr_describe_both_domains(unpaired_root):
    ds = UnalignedDataset(unpaired_root, split='train', serial_batches=True)
    assert ds.metainfo == dict(dataset='UnalignedDataset', data_root=str(unpaired_root),
                               split='train', direction='AtoB', size=5, size_A=3, size_B=5,
                               serial_batches=True)
    assert '3 A / 5 B images, serial pairing' in repr(ds)


def test_built_by_name_from_the_registry(unpaired_root):
    ds = DATASETS.build(dict(type='UnalignedDataset', data_root=str(unpaired_root), pipeline=[]))
    assert isinstance(ds, UnalignedDataset) and len(ds) == 5


def test_missing_domain_folder_lists_what_is_there_and_how_to_make_it(tmp_path):
    write_image(tmp_path / 'trainA' / '0.png', np.zeros((4, 4, 3), np.uint8))
    (tmp_path / 'notes.txt').write_text('')
    with pytest.raises(DatasetNotFoundError) as info:
        UnalignedDataset(tmp_path)
    message = str(info.value)
    assert f"'{tmp_path / 'trainB'}' does not exist" in message
    assert 'contains: notes.txt, trainA/' in message
    assert f'{tmp_path}/trainA/0001.png' in message and f'{tmp_path}/trainB/' in message
    assert 'tools/make_dataset.py NAME' in message and 'synth_stripes' in message


def test_missing_data_root_names_the_built_in_to_make_when_its_name_matches(tmp_path):
    root = tmp_path / 'synth_stripes'
    with pytest.raises(DatasetNotFoundError, match='data_root') as info:
        UnalignedDataset(root, split='test')
    assert f'make_dataset.py synth_stripes --root {root}' in str(info.value)
    assert f'{root}/testA/0001.png' in str(info.value)


def test_domain_folder_without_images_lists_its_contents(unpaired_root):
    for name in os.listdir(unpaired_root / 'trainB'):
        os.remove(unpaired_root / 'trainB' / name)
    (unpaired_root / 'trainB' / 'readme.md').write_text('')
    with pytest.raises(DatasetError, match=r"No image files.*trainB.*contains: readme\.md"):
        UnalignedDataset(unpaired_root)


def test_files_of_other_types_are_left_out_with_a_warning_that_counts_them(unpaired_root):
    trainB = unpaired_root / 'trainB'
    for name in ('a.gif', 'b.gif', 'notes.txt', '.DS_Store'):
        (trainB / name).write_bytes(b'x')
    with pytest.warns(LeftOutFilesWarning) as caught:
        ds = UnalignedDataset(unpaired_root)
    assert len(ds.B_paths) == 5  # the images, as before
    message, = [str(w.message) for w in caught]  # trainA has nothing to leave out
    assert message == (f"'{trainB}': 3 files left out, not of an image type read "
                       "(.jpg, .jpeg, .png, .ppm, .bmp, .tif, .tiff, .webp): 2 .gif (a.gif, "
                       "b.gif), 1 .txt (notes.txt); convert them to one of these to use them.")


def test_corrupt_image_fails_on_loading_with_its_path(unpaired_root):
    bad = unpaired_root / 'trainB' / '01.png'
    bad.write_bytes(b'not a png at all')
    # check_images='none': else found at start (test_startup_check)
    ds = UnalignedDataset(unpaired_root, pipeline=[], serial_batches=True, check_images='none')
    ds[0]
    with pytest.raises(DatasetError, match=f"Cannot read image '{bad}'"):
        ds[1]


def test_builtin_data_is_generated_when_missing(tmp_path):
    root = tmp_path / 'stripes'
    ds = UnalignedDataset(root, builtin=TINY_STRIPES, pipeline=[])
    assert len(ds) == 3 and ds[0]['A'].shape == (3, 32, 32) and ds[0]['B'].shape == (3, 32, 32)
    assert sorted(os.listdir(root)) == ['testA', 'testA_true_B', 'testB', 'testB_true_A',
                                        'trainA', 'trainB']
    assert len(UnalignedDataset(root, split='test', builtin=TINY_STRIPES, pipeline=[])) == 2


def test_an_aligned_builtin_is_refused_with_the_unaligned_ones_named(tmp_path):
    with pytest.raises(ValueError, match='aligned layout.*unaligned built-ins: synth_stripes'):
        UnalignedDataset(tmp_path / 'x', builtin='synth_facades')
    assert not (tmp_path / 'x').exists()


def _dataset_summary(root):
    ds = UnalignedDataset(root, builtin=TINY_STRIPES, pipeline=[], serial_batches=True)
    return len(ds), ds[2]['B'].sum().item()


@pytest.mark.skipif(sys.platform != 'linux', reason='starts the workers with fork')
def test_concurrent_processes_generating_the_builtin_data_all_succeed(tmp_path, race):
    root = str(tmp_path / 'stripes')
    results = race(lambda: _dataset_summary(root))
    assert all(r[0] == 'ok' for r in results), results
    assert len({r[1:] for r in results}) == 1 and results[0][1] == 3
    expected = tmp_path / 'expected'
    generate_synth_stripes(expected, size=32, num_train=3, num_test=2)
    assert sorted(os.listdir(root)) == sorted(os.listdir(expected))  # no scratch left
    for folder in os.listdir(expected):
        for name in os.listdir(expected / folder):
            assert (expected / folder / name).read_bytes() == \
                open(os.path.join(root, folder, name), 'rb').read()
