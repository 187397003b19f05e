"""SingleDataset: one folder of images for inference, its key, channels, pipeline and errors."""
import os
import warnings

import numpy as np
import pytest
import torch
from PIL import Image

from i2itools.datasets import (DatasetError, DatasetNotFoundError, LeftOutFilesWarning,
                               SingleDataset)
from i2itools.registry import DATASETS

# the photos fixture's notes.txt is left out with a warning, checked once below
pytestmark = pytest.mark.filterwarnings('ignore::i2itools.datasets.LeftOutFilesWarning')


def write_image(path, array):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path)
    return str(path)


@pytest.fixture
def photos(tmp_path):
    """``tmp_path/photos`` with 3 random 16 x 24 images, one in a sub-folder, and a text file."""
    rng = np.random.default_rng(0)
    for name in ('b.png', 'a.jpg.png', 'sub/c.png'):
        write_image(tmp_path / 'photos' / name, rng.integers(0, 256, (16, 24, 3), np.uint8))
    (tmp_path / 'photos' / 'notes.txt').write_text('')
    return tmp_path / 'photos'


def chw(path, mode='RGB'):
    array = np.array(Image.open(path).convert(mode))
    array = array[:, :, None] if array.ndim == 2 else array
    return torch.from_numpy(array).permute(2, 0, 1)


def test_items_hold_the_image_and_its_path_under_the_key(photos):
    with pytest.warns(LeftOutFilesWarning, match=r'1 files left out.*: 1 \.txt \(notes\.txt\)'):
        ds = SingleDataset(photos)
    assert len(ds) == 3
    assert [os.path.relpath(p, photos) for p in ds.paths] == ['a.jpg.png', 'b.png', 'sub/c.png']
    item = ds[1]
    assert set(item) == {'A', 'A_path'} and item['A_path'] == str(photos / 'b.png')
    assert item['A'].dtype == torch.uint8 and torch.equal(item['A'], chw(photos / 'b.png'))
    item = SingleDataset(photos, key='B')[0]
    assert set(item) == {'B', 'B_path'}


def test_default_pipeline_neither_crops_nor_flips_but_rounds_sides_to_multiples_of_4(tmp_path):
    path = write_image(tmp_path / 'odd' / 'x.png',
                       np.random.default_rng(1).integers(0, 256, (18, 30, 3), np.uint8))
    ds = SingleDataset(tmp_path / 'odd')
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        first = [ds[0]['A'] for _ in range(5)]
    assert first[0].shape == (3, 16, 32)  # MakeDivisible: round(18 / 4) * 4, round(30 / 4) * 4
    assert all(torch.equal(first[0], other) for other in first)
    exact = SingleDataset(tmp_path / 'odd', pipeline=[])[0]['A']
    assert torch.equal(exact, chw(path))


def test_pipeline_is_called_with_a_one_image_list(photos):
    calls = []

    def half(images):
        calls.append(len(images))
        return [img.resize((12, 8)) for img in images]

    dataset = SingleDataset(photos, pipeline=[half])
    calls.clear()  # the start-up check tried the pipeline on each kind of file
    assert dataset[0]['A'].shape == (3, 8, 12)
    assert calls == [1]


def test_one_channel_converts_to_grayscale(photos):
    item = SingleDataset(photos, channels=1, pipeline=[])[0]
    assert item['A'].shape == (1, 16, 24) and torch.equal(item['A'], chw(item['A_path'], 'L'))


@pytest.mark.parametrize('setting, match', [(dict(channels=2), 'channels=2'),
                                            (dict(key=''), "key=''"),
                                            (dict(key='A_path'), "key='A_path'")])
def test_bad_arguments_are_refused_by_name(photos, setting, match):
    with pytest.raises(ValueError, match=match):
        SingleDataset(photos, **setting)


def test_max_size_keeps_the_first_sorted_files(photos):
    ds = SingleDataset(photos, max_size=2)
    assert [os.path.basename(p) for p in ds.paths] == ['a.jpg.png', 'b.png']


def test_missing_folder_says_what_is_there_and_what_to_point_at(tmp_path):
    (tmp_path / 'horse2zebra' / 'testA').mkdir(parents=True)
    with pytest.raises(DatasetNotFoundError) as info:
        SingleDataset(tmp_path / 'horse2zebra' / 'tesA')
    message = str(info.value)
    assert f"'{tmp_path / 'horse2zebra' / 'tesA'}' does not exist" in message
    assert 'contains: testA/' in message and 'folder of images itself' in message


def test_folder_without_images_lists_its_contents(tmp_path):
    (tmp_path / 'empty').mkdir()
    (tmp_path / 'empty' / 'readme.md').write_text('')
    with pytest.raises(DatasetError, match=r"No image files.*contains: readme\.md"):
        SingleDataset(tmp_path / 'empty')


def test_a_root_of_domain_folders_is_refused_rather_than_mixed(tmp_path):
    for folder in ('trainA', 'trainB', 'testA', 'testB'):
        write_image(tmp_path / 'h2z' / folder / '0.png', np.zeros((4, 4, 3), np.uint8))
    with pytest.raises(DatasetError) as info:
        SingleDataset(tmp_path / 'h2z')
    message = str(info.value)
    assert 'mix both domains' in message and f"'{tmp_path / 'h2z' / 'testA'}'" in message
    assert 'testA/, testB/, trainA/, trainB/' in message


def test_sub_folders_that_are_not_domains_are_read_recursively(tmp_path):
    for folder in ('day', 'night'):
        write_image(tmp_path / 'pics' / folder / '0.png', np.zeros((4, 4, 3), np.uint8))
    assert len(SingleDataset(tmp_path / 'pics')) == 2


def test_corrupt_image_fails_on_loading_with_its_path(photos):
    (photos / 'b.png').write_bytes(b'\x89PNG broken')
    ds = SingleDataset(photos, check_images='none')  # else found at start (test_startup_check)
    with pytest.raises(DatasetError, match=f"Cannot read image '{photos / 'b.png'}'"):
        ds[1]


def test_metainfo_repr_and_registry(photos):
    ds = DATASETS.build(dict(type='SingleDataset', data_root=str(photos), key='B'))
    assert isinstance(ds, SingleDataset)
    assert ds.metainfo == dict(dataset='SingleDataset', data_root=str(photos), key='B', size=3)
    assert "key='B', 3 images" in repr(ds)


def test_builtin_folder_is_generated_in_its_parent(tmp_path):
    folder = tmp_path / 'stripes' / 'testB'
    ds = SingleDataset(folder, key='B', builtin=dict(name='synth_stripes', size=32, num_train=1,
                                                     num_test=2))
    assert len(ds) == 2 and ds[0]['B'].shape == (3, 32, 32)
    assert 'trainA' in os.listdir(tmp_path / 'stripes')
    with pytest.raises(ValueError, match="no split or folder 'valA'"):
        SingleDataset(tmp_path / 'stripes' / 'valA', builtin='synth_stripes')
