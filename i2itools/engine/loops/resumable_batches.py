"""Endless batches from a DataLoader that know their position, can start at a saved one, and
key every sample by (seed, epoch, position) so that its random draws depend on nothing else."""
import itertools
import time

import torch
from mmengine.dataset import InfiniteSampler
from mmengine.dist import get_dist_info
from torch.utils.data import Sampler

from i2itools.datasets.sample_seeding import SampleIndex, SampleKey
from i2itools.utils.loader_batches import end_workers


class ResumableBatches:
    """Iterates a DataLoader forever, pass after pass, counting the batches of the current pass.

    ``position()`` is ``dict(epoch=passes completed, batches=batches delivered in this pass)``;
    ``seek(**position)`` makes the next batch the one that followed that position. Seeking skips
    the sample *indices* of the delivered batches in the sampler, so no image is loaded or
    augmented again; the order of samples depends only on the sampler's seed and epoch (true of
    mmengine's ``DefaultSampler`` and ``InfiniteSampler``).

    Every index reaches the dataset as a :class:`~i2itools.datasets.SampleIndex` keyed by the
    sampler's seed (``seed`` for a sampler without one), the pass and the sample's position in
    it counted over all ranks; a dataset that loads inside
    :func:`~i2itools.datasets.seeded_sample` then draws the same augmentations whatever the
    number of workers, their restarts between passes, and wherever a run was resumed.

    Needs a batch sampler with ``sampler`` and ``batch_size`` attributes (torch's
    ``BatchSampler``, what mmengine builds by default).
    """

    def __init__(self, dataloader, seed=0):
        batch_sampler = dataloader.batch_sampler
        if not (hasattr(batch_sampler, 'sampler') and hasattr(batch_sampler, 'batch_size')):
            raise TypeError(f'{type(batch_sampler).__name__} has no sampler and batch_size, so '
                            'a resumed run cannot skip the batches already trained on; use '
                            "the default batch sampler or train_cfg.type='IterBasedTrainLoop'")
        self.dataloader = dataloader
        self._indices = _KeyedSampler(batch_sampler.sampler, seed)
        batch_sampler.sampler = self._indices
        self.epoch = 0
        self.batches = 0
        self._iterator = None

    def position(self):
        return dict(epoch=self.epoch, batches=self.batches)

    def seek(self, epoch, batches):
        """Continue after ``batches`` batches of pass ``epoch``."""
        self.epoch, self.batches = epoch, batches
        self._set_sampler_epoch()
        self._indices.start_pass(epoch, skip=batches * self.dataloader.batch_sampler.batch_size)
        self._iterator = self._new_iterator()

    def reload(self):
        """Continue at the same position with new loader workers, which copy the dataset as it
        is now (its pipeline changed, say); draws nothing from the random generators."""
        end_workers(self.dataloader)
        if self._iterator is not None:  # seek's new iterator draws nothing (see _new_iterator)
            self.seek(**self.position())

    def close(self):
        """End the loader's workers now, at the end of training: a run inside a longer-lived
        process (a notebook, tests) would otherwise keep them until a garbage collection, whose
        shutdown of them then waits 5 s per worker (their queues already finalised)."""
        end_workers(self.dataloader)
        self._iterator = None

    def __iter__(self):
        return self

    def __next__(self):
        if self._iterator is None:
            self._iterator = self._new_iterator()
        try:
            batch = next(self._iterator)
        except StopIteration:
            self._start_next_pass()
            batch = next(self._iterator)
        self.batches += 1
        return batch

    def _start_next_pass(self):
        self.epoch, self.batches = self.epoch + 1, 0
        self._set_sampler_epoch()
        self._indices.start_pass(self.epoch)
        if self.dataloader.num_workers > 0 and not self.dataloader.persistent_workers:
            # as mmengine does: workers restarted at once may deadlock. Persistent workers
            # are not restarted, and the 2 s would double a pass of 20 small images
            time.sleep(2)
        self._iterator = self._new_iterator()

    def _new_iterator(self):
        # A DataLoader draws its workers' base seed from torch's generator for every iterator,
        # but with persistent workers only for the first: drawn from a forked state, so that
        # what training draws does not depend on the workers.
        with torch.random.fork_rng(devices=()):
            return iter(self.dataloader)

    def _set_sampler_epoch(self):
        # the sampler reshuffles by seed + epoch; an endless sampler has no epochs and ignores it
        set_epoch = getattr(self.dataloader.sampler, 'set_epoch', None)
        if set_epoch is not None:
            set_epoch(self.epoch)


class _KeyedSampler(Sampler):
    """Passes a sampler's indices on as :class:`SampleIndex` keyed by (seed, epoch, position),
    leaving out the first ``skip`` of a pass when told."""

    def __init__(self, sampler, seed):
        self.sampler = sampler
        self.seed = getattr(sampler, 'seed', seed)
        self.rank, self.world_size = _share_of(sampler)
        self._epoch, self._skip = 0, 0

    def start_pass(self, epoch, skip=0):
        """The next pass is pass ``epoch``, without its first ``skip`` indices."""
        self._epoch, self._skip = epoch, skip

    def __iter__(self):
        skip, self._skip = self._skip, 0
        indices = itertools.islice(_fresh_indices(self.sampler), skip, None)
        return self._keyed(indices, self._epoch, skip)

    def _keyed(self, indices, epoch, start):
        for local, index in enumerate(indices, start=start):
            yield SampleIndex(index, self._key(epoch, local * self.world_size + self.rank))

    def _key(self, epoch, position):
        if isinstance(self.sampler, InfiniteSampler):
            # one endless pass, a permutation of the dataset after another: split it into epochs
            return SampleKey(self.seed, *divmod(position, len(self.sampler)))
        return SampleKey(self.seed, epoch, position)

    def __len__(self):
        return len(self.sampler)


def _share_of(sampler):
    """(rank, world size): ``sampler`` yields the positions rank, rank + world size, ... of a
    pass over all ranks, as mmengine's samplers (which say their rank and world size) and
    torch's ``DistributedSampler`` do."""
    rank, world_size = get_dist_info()
    return getattr(sampler, 'rank', rank), getattr(sampler, 'world_size', world_size)


def _fresh_indices(sampler):
    """A new pass over ``sampler``'s indices, from its start.

    mmengine's ``InfiniteSampler`` gives every iterator one shared endless generator: a
    DataLoader iterator that prefetched from it and was then discarded (mmengine's loop makes one
    before this class replaces it) closes it for good and would leave no batches, and any
    iterator advances it for the next. Its stream is a pure function of its seed, so it is
    started anew.
    """
    if isinstance(sampler, InfiniteSampler):
        return sampler._indices_of_rank()
    return iter(sampler)
