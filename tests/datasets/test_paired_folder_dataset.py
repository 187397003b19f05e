"""PairedFolderDataset: two folders matched by name without extension, unmatched files reported
(policy 'error' by default, or 'skip'), custom folders, direction and errors."""
import warnings

import numpy as np
import pytest
import torch

from i2itools.datasets import DatasetError, PairedFolderDataset, UnmatchedFilesWarning
from i2itools.registry import DATASETS
from i2itools.utils.image_io import read_image, write_image


def image(path, seed, shape=(16, 16, 3), dtype=np.uint8):
    pixels = np.random.default_rng(seed).integers(0, np.iinfo(dtype).max, shape, dtype=dtype)
    write_image(str(path), pixels)
    return str(path)


def chw(path):
    pixels = read_image(str(path))
    return torch.from_numpy(pixels[:, :, None] if pixels.ndim == 2 else pixels).permute(2, 0, 1)


@pytest.fixture
def folders(tmp_path):
    """``tmp_path/data/train{A,B}``: pairs 0 (png, tif), sub/1 (png, png) and 2 (bmp, png)."""
    root = tmp_path / 'data'
    for seed, (a, b) in enumerate([('0.png', '0.tif'), ('sub/1.png', 'sub/1.png'),
                                   ('2.bmp', '2.png')]):
        image(root / 'trainA' / a, seed)
        image(root / 'trainB' / b, seed + 10)
    return root


def test_files_are_paired_by_path_without_extension_in_sorted_order(folders):
    ds = PairedFolderDataset(folders, pipeline=[])
    names = [(a[len(str(folders)) + 1:], b[len(str(folders)) + 1:]) for a, b in ds.pairs]
    assert names == [('trainA/0.png', 'trainB/0.tif'), ('trainA/2.bmp', 'trainB/2.png'),
                     ('trainA/sub/1.png', 'trainB/sub/1.png')]
    item = ds[1]
    assert item['A_path'].endswith('trainA/2.bmp') and item['B_path'].endswith('trainB/2.png')
    assert torch.equal(item['A'], chw(item['A_path']))
    assert torch.equal(item['B'], chw(item['B_path']))
    assert DATASETS.get('PairedFolderDataset') is PairedFolderDataset


def test_unmatched_files_stop_the_dataset_by_default_with_counts_and_names(folders):
    image(folders / 'trainA' / 'lonely.png', 1)
    for i in range(7):
        image(folders / 'trainB' / f'stray{i}.png', i)
    with pytest.raises(DatasetError) as info:
        PairedFolderDataset(folders)
    message = str(info.value)
    assert (f"1 of 4 A files have no B file of the same name ('{folders}/trainA/lonely.png')"
            in message)
    assert '7 of 10 B files have no A file of the same name' in message
    assert f"'{folders}/trainB/stray4.png', ... (2 more)" in message
    assert "set the dataset's unmatched='skip' to use the 3 matched pairs only" in message


def test_skip_leaves_unmatched_files_out_with_a_warning_naming_them(folders):
    image(folders / 'trainA' / 'lonely.png', 1)
    image(folders / 'trainB' / 'stray.png', 1)
    with pytest.warns(UnmatchedFilesWarning) as warned:
        ds = PairedFolderDataset(folders, unmatched='skip')
    assert len(ds) == 3
    message = str(warned[0].message)
    assert "1 of 4 A files have no B file of the same name ('" in message
    assert 'lonely.png' in message and 'stray.png' in message
    assert 'left out (unmatched=skip), using the 3 matched pairs' in message


def test_every_file_matched_gives_no_warning(folders):
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        assert len(PairedFolderDataset(folders, unmatched='skip')) == 3


def test_two_files_of_one_name_in_a_folder_are_refused(folders):
    image(folders / 'trainA' / '0.jpg', 3)
    with pytest.raises(DatasetError, match=r"'.*trainA/0.jpg' and '.*trainA/0.png' have the same "
                                           'name without extension'):
        PairedFolderDataset(folders)


def test_no_common_name_at_all_is_refused_whatever_the_policy(tmp_path):
    image(tmp_path / 'trainA' / 'a.png', 0)
    image(tmp_path / 'trainB' / 'b.png', 0)
    with pytest.raises(DatasetError, match='no A and B files share a name'):
        PairedFolderDataset(tmp_path, unmatched='skip')


def test_any_two_folders_can_be_given(folders, tmp_path):
    inside = PairedFolderDataset(folders, a_dir='trainB', b_dir='trainA', pipeline=[])
    assert inside.folders == (str(folders / 'trainB'), str(folders / 'trainA'))
    anywhere = PairedFolderDataset(a_dir=folders / 'trainA', b_dir=str(folders / 'trainB'))
    assert len(anywhere) == 3
    with pytest.raises(DatasetError, match='needs data_root .* or both a_dir and b_dir'):
        PairedFolderDataset(a_dir=folders / 'trainA')


def test_btoa_reads_a_from_the_b_folder(folders):
    item = PairedFolderDataset(folders, direction='BtoA', pipeline=[])[0]
    assert item['A_path'].endswith('trainB/0.tif') and item['B_path'].endswith('trainA/0.png')
    assert torch.equal(item['A'], chw(item['A_path']))


def test_a_and_b_get_the_same_crop_and_flip(tmp_path):
    base = np.random.default_rng(0).integers(0, 65536, (20, 20), dtype=np.uint16)
    write_image(str(tmp_path / 'trainA' / 'x.png'), base)
    write_image(str(tmp_path / 'trainB' / 'x.png'), 65535 - base)
    ds = PairedFolderDataset(tmp_path, in_channels=1, out_channels=1,
                             pipeline=[dict(type='RandomCrop', size=12), dict(type='RandomFlip')])
    for _ in range(6):
        item = ds[0]
        assert item['A'].dtype == torch.uint16 and item['A'].shape == (1, 12, 12)
        assert (item['A'].int() + item['B'].int() == 65535).all()


def test_max_size_keeps_the_first_pairs_and_bad_policies_are_refused(folders):
    assert len(PairedFolderDataset(folders, max_size=2)) == 2
    with pytest.raises(DatasetError, match="unmatched='drop' is not a policy"):
        PairedFolderDataset(folders, unmatched='drop')
    with pytest.raises(DatasetError, match="direction='A2B'"):
        PairedFolderDataset(folders, direction='A2B')
