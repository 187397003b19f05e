"""FileListDataset: CSV and text lists of pairs, single images or two unpaired lists, paths
relative to the list (or data_root), and errors that name file:line."""
import numpy as np
import pytest
import torch

from i2itools.datasets import DatasetError, FileListDataset
from i2itools.registry import DATASETS
from i2itools.utils.image_io import read_image, write_image


@pytest.fixture
def images(tmp_path):
    """``tmp_path/imgs``: a.png, b.png, c.png and 'with space, comma.png', all different."""
    rng = np.random.default_rng(0)
    for name in ('a.png', 'b.png', 'c.png', 'with space, comma.png'):
        write_image(str(tmp_path / 'imgs' / name), rng.integers(0, 256, (8, 8, 3), np.uint8))
    return tmp_path / 'imgs'


def listed(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    return tmp_path / name


def pixels(path):
    return torch.from_numpy(read_image(str(path))).permute(2, 0, 1)


def test_csv_pairs_are_relative_to_the_list_and_skip_comments_and_blank_lines(tmp_path, images):
    list_file = listed(tmp_path, 'pairs.csv', '# A,B\nimgs/a.png,imgs/b.png\n\n'
                                              '"imgs/with space, comma.png",imgs/c.png\n')
    ds = FileListDataset(list_file, pipeline=[])
    assert len(ds) == 2 and ds.kind == 'paired'
    item = ds[1]
    assert item['A_path'] == str(images / 'with space, comma.png')
    assert item['B_path'] == str(images / 'c.png')
    assert torch.equal(item['A'], pixels(item['A_path']))
    assert torch.equal(item['B'], pixels(item['B_path']))
    assert DATASETS.get('FileListDataset') is FileListDataset


def test_text_lists_split_on_tabs_or_spaces_and_data_root_moves_the_paths(tmp_path, images):
    list_file = listed(tmp_path / 'imgs', 'pairs.txt', 'with space, comma.png\ta.png\n'
                                                       'b.png   c.png\n')
    ds = FileListDataset(list_file, pipeline=[])
    assert [item for item in ds.items] == [
        (str(images / 'with space, comma.png'), str(images / 'a.png')),
        (str(images / 'b.png'), str(images / 'c.png'))]
    elsewhere = listed(tmp_path, 'elsewhere.txt', 'a.png b.png\n')
    assert FileListDataset(elsewhere, data_root=images).items == [
        (str(images / 'a.png'), str(images / 'b.png'))]


def test_one_path_a_line_gives_single_images_under_the_key(tmp_path, images):
    list_file = listed(tmp_path, 'single.txt', 'imgs/a.png\nimgs/c.png\n')
    item = FileListDataset(list_file, pipeline=[])[1]
    assert set(item) == {'A', 'A_path'} and torch.equal(item['A'], pixels(images / 'c.png'))
    assert set(FileListDataset(list_file, key='B', pipeline=[])[0]) == {'B', 'B_path'}


def test_two_lists_of_one_path_give_unpaired_domains(tmp_path, images):
    a_list = listed(tmp_path, 'a.txt', 'imgs/a.png\nimgs/b.png\nimgs/c.png\n')
    b_list = listed(tmp_path, 'b.csv', '"imgs/with space, comma.png"\nimgs/a.png\n')
    ds = FileListDataset(a_list, list_file_B=b_list, serial_batches=True, pipeline=[])
    assert len(ds) == 3 and ds.kind == 'unpaired'
    assert [ds[i]['B_path'] for i in range(3)] == [
        str(images / 'with space, comma.png'), str(images / 'a.png'),
        str(images / 'with space, comma.png')]
    assert ds[2]['A_path'] == str(images / 'c.png')


def test_a_line_of_another_column_count_is_named_by_file_and_line(tmp_path, images):
    list_file = listed(tmp_path, 'pairs.csv', 'imgs/a.png,imgs/b.png\n# note\nimgs/c.png\n')
    with pytest.raises(DatasetError, match=rf"{list_file}:3: 1 column \['imgs/c.png'\], where "
                                           r'every line must hold 2 paths \(A, B\)'):
        FileListDataset(list_file)


def test_missing_files_are_counted_and_named_with_their_lines(tmp_path, images):
    list_file = listed(tmp_path, 'pairs.txt', 'imgs/a.png imgs/nope.png\nimgs/b.png imgs/c.png\n'
                                              'imgs/gone.png imgs/a.png\n')
    with pytest.raises(DatasetError) as info:
        FileListDataset(list_file)
    assert str(info.value).startswith(
        f"2 files listed in '{list_file}' do not exist (paths are relative to '{tmp_path}'): "
        f"{list_file}:1: B file '{tmp_path}/imgs/nope.png'; {list_file}:3: A file "
        f"'{tmp_path}/imgs/gone.png'.")


def test_options_of_another_kind_of_list_are_refused(tmp_path, images):
    pairs = listed(tmp_path, 'pairs.txt', 'imgs/a.png imgs/b.png\n')
    with pytest.raises(DatasetError, match='serial_batches=True pairs unpaired lists'):
        FileListDataset(pairs, serial_batches=True)
    with pytest.raises(DatasetError, match="key='B' names single images"):
        FileListDataset(pairs, key='B')


def test_empty_or_missing_lists_are_refused(tmp_path):
    with pytest.raises(DatasetError, match='lists no image'):
        FileListDataset(listed(tmp_path, 'empty.txt', '# nothing\n\n'))
    with pytest.raises(DatasetError, match="File list '.*nowhere.txt' does not exist"):
        FileListDataset(tmp_path / 'nowhere.txt')
