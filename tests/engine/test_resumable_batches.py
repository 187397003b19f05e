"""ResumableBatches: counts its position, and from a saved position yields exactly the batches an
uninterrupted iteration would, across passes, without loading the skipped samples; keys every
sample by (seed, epoch, position), whatever the number of ranks; its samples draw the same
numbers with or without workers, persistent or restarted every pass."""
import multiprocessing
import random
from functools import partial

import mmengine.dataset.sampler
import numpy as np
import pytest
import torch
from mmengine.dataset import DefaultSampler, InfiniteSampler
from mmengine.dataset.utils import worker_init_fn
from torch.utils.data import DataLoader, Dataset

from i2itools.datasets import SampleKey, sample_key, seeded_sample
from i2itools.engine.loops import ResumableBatches


class CountingDataset(Dataset):
    """Sample i is (i, its key); counts how often samples are loaded."""

    def __init__(self, size=5):
        self.size, self.loads = size, 0

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        self.loads += 1
        return int(index), sample_key(index)


def _batches(sampler_type):
    dataset = CountingDataset()
    sampler = sampler_type(dataset, shuffle=True, seed=7)
    return ResumableBatches(DataLoader(dataset, batch_size=2, sampler=sampler,
                                       collate_fn=list)), dataset


@pytest.mark.parametrize('sampler_type', [DefaultSampler, InfiniteSampler])
@pytest.mark.parametrize('stop_after', [1, 3, 4])  # inside a pass, at its end, in the next one
def test_seeking_a_saved_position_continues_the_same_batches(sampler_type, stop_after):
    straight, _ = _batches(sampler_type)
    expected = [next(straight) for _ in range(8)]

    interrupted, _ = _batches(sampler_type)
    for _ in range(stop_after):
        next(interrupted)
    position = interrupted.position()
    resumed, dataset = _batches(sampler_type)
    resumed.seek(**position)
    assert dataset.loads == 0  # skipping draws indices only
    assert [next(resumed) for _ in range(8 - stop_after)] == expected[stop_after:]


def test_position_counts_passes_and_batches_of_a_finite_sampler():
    batches, _ = _batches(DefaultSampler)
    for _ in range(4):  # a pass of 5 samples is 3 batches of 2, the last one short
        next(batches)
    assert batches.position() == dict(epoch=1, batches=1)


def test_a_new_pass_is_shuffled_differently():
    batches, _ = _batches(DefaultSampler)
    passes = [[i for _ in range(3) for i, _ in next(batches)] for _ in range(2)]
    assert sorted(passes[0]) == sorted(passes[1]) == list(range(5))
    assert passes[0] != passes[1]


def test_a_loader_without_a_batch_sampler_is_refused_with_the_alternative():
    loader = DataLoader(CountingDataset(), batch_size=None)
    with pytest.raises(TypeError, match="train_cfg.type='IterBasedTrainLoop'"):
        ResumableBatches(loader)



@pytest.mark.parametrize('sampler_type', [DefaultSampler, InfiniteSampler])
def test_samples_are_keyed_by_the_sampler_seed_the_epoch_and_the_position(sampler_type):
    batches, _ = _batches(sampler_type)
    keys = [key for _ in range(6) for _, key in next(batches)][:10]  # two passes of 5 samples
    assert keys == [SampleKey(7, epoch, position) for epoch in (0, 1) for position in range(5)]


def _keyed_samples(sampler_type, count, rank, world_size, monkeypatch):
    """The first ``count`` (index, key) of rank ``rank`` of ``world_size`` processes."""
    monkeypatch.setattr(mmengine.dataset.sampler, 'get_dist_info', lambda: (rank, world_size))
    dataset = CountingDataset(size=5)
    sampler = sampler_type(dataset, shuffle=True, seed=7)
    batches = ResumableBatches(DataLoader(dataset, batch_size=1, sampler=sampler,
                                          collate_fn=list))
    return [sample for _ in range(count) for sample in next(batches)]


# DefaultSampler: one pass, which it pads from 5 to 6 samples for 2 ranks; InfiniteSampler: two
@pytest.mark.parametrize('sampler_type, per_rank, compared',
                         [(DefaultSampler, 3, 5), (InfiniteSampler, 5, 10)])
def test_two_ranks_share_out_the_samples_and_keys_of_one_process(sampler_type, per_rank,
                                                                 compared, monkeypatch):
    one = _keyed_samples(sampler_type, compared, 0, 1, monkeypatch)
    two = [sample for rank in (0, 1)
           for sample in _keyed_samples(sampler_type, per_rank, rank, 2, monkeypatch)]
    assert sorted(two, key=lambda sample: sample[1])[:compared] == one


class DrawingDataset(Dataset):
    """Sample i: what loading it draws from Python's, numpy's and torch's generators."""

    def __len__(self):
        return 5

    def __getitem__(self, index):
        with seeded_sample(index):
            return random.random(), float(np.random.rand()), float(torch.rand(()))


def _drawn_batches(workers, persistent, seed):
    torch.manual_seed(0)
    dataset = DrawingDataset()
    init = partial(worker_init_fn, num_workers=workers, rank=0, seed=seed) if workers else None
    loader = DataLoader(dataset, batch_size=2, sampler=DefaultSampler(dataset, seed=7),
                        num_workers=workers, persistent_workers=persistent,
                        worker_init_fn=init, collate_fn=list)
    batches = ResumableBatches(loader)
    drawn = [next(batches) for _ in range(6)]  # two passes: restarted or persistent workers
    batches.close()
    assert loader._iterator is None  # no workers kept
    return drawn, torch.get_rng_state()


def test_workers_their_seeds_and_restarts_between_passes_change_no_draw():
    """mmengine seeds each worker's generators by worker, rank and seed; torch by a base seed
    drawn from the main process's generator when an iterator starts (with persistent workers
    only for the first)."""
    without = _drawn_batches(workers=0, persistent=False, seed=0)
    for persistent, seed in ((False, 1), (True, 2)):
        with_workers = _drawn_batches(workers=2, persistent=persistent, seed=seed)
        assert with_workers[0] == without[0]
        assert torch.equal(with_workers[1], without[1])  # the main stream drew the same


@pytest.mark.parametrize('persistent', [True, False])
def test_only_workers_restarted_between_passes_wait_for_the_old_ones(persistent, monkeypatch):
    """mmengine sleeps 2 s before every new pass against a deadlock of restarted workers;
    persistent workers are not restarted, so their passes follow each other at once."""
    sleeps = []
    monkeypatch.setattr('i2itools.engine.loops.resumable_batches.time.sleep', sleeps.append)
    dataset = CountingDataset(4)
    loader = DataLoader(dataset, batch_size=2, num_workers=1, persistent_workers=persistent,
                        sampler=DefaultSampler(dataset, seed=0), collate_fn=list)
    batches = ResumableBatches(loader)
    for _ in range(6):  # three passes
        next(batches)
    batches.close()
    assert batches.position() == dict(epoch=2, batches=2)
    assert sleeps == ([] if persistent else [2, 2])


def test_training_ends_its_persistent_loader_workers_when_it_ends(run_tool, tiny_config,
                                                                   tmp_path):
    """Not at a garbage collection some time later, whose shutdown of them waits 5 s each."""
    result = run_tool('train.py', tiny_config, '--work-dir', tmp_path / 'work', '--cfg-options',
                      'train_dataloader.num_workers=2', 'train_dataloader.persistent_workers=True')
    assert result.returncode == 0, result.stderr[-3000:]
    assert multiprocessing.active_children() == []
