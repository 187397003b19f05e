"""Endless batches from a DataLoader that know their position and can start at a saved one."""
import itertools
import time

from mmengine.dataset import InfiniteSampler
from torch.utils.data import Sampler

from i2itools.engine.rng_states import preserved_rng_states


class ResumableBatches:
    """Iterates a DataLoader forever, pass after pass, counting the batches of the current pass.

    ``position()`` is ``dict(epoch=passes completed, batches=batches delivered in this pass)``;
    ``seek(**position)`` makes the next batch the one that followed that position. Seeking skips
    the sample *indices* of the delivered batches in the sampler, so no image is loaded or
    augmented again; the order of samples depends only on the sampler's seed and epoch (true of
    mmengine's ``DefaultSampler`` and ``InfiniteSampler``).

    Needs a batch sampler with ``sampler`` and ``batch_size`` attributes (torch's
    ``BatchSampler``, what mmengine builds by default).
    """

    def __init__(self, dataloader):
        batch_sampler = dataloader.batch_sampler
        if not (hasattr(batch_sampler, 'sampler') and hasattr(batch_sampler, 'batch_size')):
            raise TypeError(f'{type(batch_sampler).__name__} has no sampler and batch_size, so '
                            'a resumed run cannot skip the batches already trained on; use '
                            "the default batch sampler or train_cfg.type='IterBasedTrainLoop'")
        self.dataloader = dataloader
        self._indices = _SkippingSampler(batch_sampler.sampler)
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
        self._indices.skip_next_pass(batches * self.dataloader.batch_sampler.batch_size)
        self._iterator = iter(self.dataloader)

    def reload(self):
        """Continue at the same position with new loader workers, which copy the dataset as it
        is now (its pipeline changed, say); draws nothing from the random generators."""
        persistent = getattr(self.dataloader, '_iterator', None)  # persistent_workers=True
        if persistent is not None:
            shutdown = getattr(persistent, '_shutdown_workers', None)
            if shutdown is not None:
                shutdown()
            self.dataloader._iterator = None
        if self._iterator is not None:
            with preserved_rng_states():  # a new loader iterator draws its workers' seed
                self.seek(**self.position())

    def __iter__(self):
        return self

    def __next__(self):
        if self._iterator is None:
            self._iterator = iter(self.dataloader)
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
        if self.dataloader.num_workers > 0:
            time.sleep(2)  # as mmengine does: worker processes may deadlock when restarted at once
        self._iterator = iter(self.dataloader)

    def _set_sampler_epoch(self):
        # the sampler reshuffles by seed + epoch; an endless sampler has no epochs and ignores it
        set_epoch = getattr(self.dataloader.sampler, 'set_epoch', None)
        if set_epoch is not None:
            set_epoch(self.epoch)


class _SkippingSampler(Sampler):
    """Passes a sampler's indices through, leaving out the first N of the next pass if told."""

    def __init__(self, sampler):
        self.sampler = sampler
        self._skip = 0

    def skip_next_pass(self, count):
        self._skip = count

    def __iter__(self):
        skip, self._skip = self._skip, 0
        return itertools.islice(_fresh_indices(self.sampler), skip, None)

    def __len__(self):
        return len(self.sampler)


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
