"""seeded_sample: a keyed index draws the same numbers in any process and whatever the
generators' states, different keys draw differently, the caller's generators are left as they
were, a plain int changes nothing; and every built-in dataset loads its items through it."""
import multiprocessing
import pickle
import random

import numpy as np
import pytest
import torch
from PIL import Image

from i2itools.datasets import (AlignedDataset, FileListDataset, PairedFolderDataset, SampleIndex,
                               SampleKey, SingleDataset, UnalignedDataset, sample_key,
                               seeded_sample)

KEY = SampleKey(seed=7, epoch=2, position=11)
AUGMENT = [dict(type='RandomCrop', size=8), dict(type='RandomFlip')]


def _reseed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _draws():
    """One number from each generator a pipeline may draw from."""
    return random.random(), float(np.random.rand()), float(torch.rand(()))


def _draws_under(index):
    with seeded_sample(index):
        return _draws()


def _draws_in_a_child(index, seed, queue):
    _reseed(seed)  # a worker's generators are in some other state
    queue.put(_draws_under(index))


def test_the_same_key_draws_the_same_numbers_in_another_process():
    here = _draws_under(SampleIndex(3, KEY))
    context = multiprocessing.get_context('fork')
    queue = context.Queue()
    child = context.Process(target=_draws_in_a_child, args=(SampleIndex(3, KEY), 123, queue))
    child.start()
    there = queue.get(timeout=60)
    child.join(timeout=60)
    _reseed(456)
    assert here == there == _draws_under(SampleIndex(5, KEY))  # the key decides, not the index


@pytest.mark.parametrize('other', [KEY._replace(epoch=3), KEY._replace(position=12),
                                   KEY._replace(seed=8)])
def test_another_epoch_position_or_seed_draws_other_numbers(other):
    drawn = [_draws_under(SampleIndex(3, key)) for key in (KEY, other)]
    assert all(a != b for a, b in zip(*drawn))


def test_the_callers_generators_are_left_as_they_were():
    _reseed(1)
    _draws_under(SampleIndex(3, KEY))
    after = _draws()
    _reseed(1)
    assert after == _draws()


def test_a_plain_int_draws_from_the_generators_as_they_are():
    _reseed(5)
    drawn = _draws_under(3)
    _reseed(5)
    assert drawn == _draws()


def test_a_sample_index_is_an_int_whose_key_survives_pickling():
    index = SampleIndex(3, KEY)
    assert index == 3 and 'abcd'[index] == 'd' and index % 2 == 1
    assert sample_key(pickle.loads(pickle.dumps(index))) == KEY  # how it reaches the workers
    assert sample_key(3) is None and sample_key(index + 1) is None


def _write(path, array):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path)


@pytest.fixture
def image_root(tmp_path):
    """trainA, trainB and A|B pairs in train, 3 of each, 16 x 16 sides, and a list of the
    trainA / trainB pairs."""
    rng = np.random.default_rng(0)
    for i in range(3):
        a, b = (rng.integers(0, 256, (16, 16, 3), dtype=np.uint8) for _ in 'AB')
        _write(tmp_path / 'trainA' / f'{i}.png', a)
        _write(tmp_path / 'trainB' / f'{i}.png', b)
        _write(tmp_path / 'train' / f'{i}.png', np.concatenate([a, b], axis=1))
    (tmp_path / 'pairs.csv').write_text(''.join(f'trainA/{i}.png,trainB/{i}.png\n'
                                                for i in range(3)))
    return tmp_path


BUILT_IN = {
    'AlignedDataset': lambda root: AlignedDataset(root, pipeline=AUGMENT),
    'UnalignedDataset': lambda root: UnalignedDataset(root, pipeline=AUGMENT),
    'PairedFolderDataset': lambda root: PairedFolderDataset(root, pipeline=AUGMENT),
    'FileListDataset': lambda root: FileListDataset(root / 'pairs.csv', pipeline=AUGMENT),
    'SingleDataset': lambda root: SingleDataset(root / 'trainA', pipeline=AUGMENT),
}


def _content(item):
    return tuple((name, value.numpy().tobytes() if torch.is_tensor(value) else value)
                 for name, value in sorted(item.items()))


@pytest.mark.parametrize('dataset', BUILT_IN)
def test_a_built_in_dataset_augments_a_keyed_item_by_its_key_alone(dataset, image_root):
    data = BUILT_IN[dataset](image_root)
    loaded = []
    for seed in (0, 1):
        _reseed(seed)
        loaded.append(_content(data[SampleIndex(1, KEY)]))
    by_epoch = {_content(data[SampleIndex(1, KEY._replace(epoch=e))]) for e in range(8)}
    assert loaded[0] == loaded[1]
    assert len(by_epoch) > 1  # 81 crops x 2 flips (x 3 B files): the key changes them
