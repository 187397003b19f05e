"""ResumableBatches: counts its position, and from a saved position yields exactly the batches an
uninterrupted iteration would, across passes, without loading the skipped samples."""
import pytest
from mmengine.dataset import DefaultSampler, InfiniteSampler
from torch.utils.data import DataLoader, Dataset

from i2itools.engine.loops import ResumableBatches


class CountingDataset(Dataset):
    """Sample i is i; counts how often samples are loaded."""

    def __init__(self, size=5):
        self.size, self.loads = size, 0

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        self.loads += 1
        return index


def _batches(sampler_type):
    dataset = CountingDataset()
    sampler = sampler_type(dataset, shuffle=True, seed=7)
    return ResumableBatches(DataLoader(dataset, batch_size=2, sampler=sampler)), dataset


@pytest.mark.parametrize('sampler_type', [DefaultSampler, InfiniteSampler])
@pytest.mark.parametrize('stop_after', [1, 3, 4])  # inside a pass, at its end, in the next one
def test_seeking_a_saved_position_continues_the_same_batches(sampler_type, stop_after):
    straight, _ = _batches(sampler_type)
    expected = [next(straight).tolist() for _ in range(8)]

    interrupted, _ = _batches(sampler_type)
    for _ in range(stop_after):
        next(interrupted)
    position = interrupted.position()
    resumed, dataset = _batches(sampler_type)
    resumed.seek(**position)
    assert dataset.loads == 0  # skipping draws indices only
    assert [next(resumed).tolist() for _ in range(8 - stop_after)] == expected[stop_after:]


def test_position_counts_passes_and_batches_of_a_finite_sampler():
    batches, _ = _batches(DefaultSampler)
    for _ in range(4):  # a pass of 5 samples is 3 batches of 2, the last one short
        next(batches)
    assert batches.position() == dict(epoch=1, batches=1)


def test_a_new_pass_is_shuffled_differently():
    batches, _ = _batches(DefaultSampler)
    passes = [[i for _ in range(3) for i in next(batches).tolist()] for _ in range(2)]
    assert sorted(passes[0]) == sorted(passes[1]) == list(range(5))
    assert passes[0] != passes[1]


def test_a_loader_without_a_batch_sampler_is_refused_with_the_alternative():
    loader = DataLoader(CountingDataset(), batch_size=None)
    with pytest.raises(TypeError, match="train_cfg.type='IterBasedTrainLoop'"):
        ResumableBatches(loader)

