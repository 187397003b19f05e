"""Each training sample's random draws as a function of (seed, epoch, position) alone, so that
augmentations do not depend on the number of loader workers or on where a run was resumed.

The training loop's sampler yields :class:`SampleIndex` objects: ints that also carry a
:class:`SampleKey`. A dataset runs the loading of an item inside :func:`seeded_sample`, which
seeds Python's ``random``, numpy's global generator and torch's CPU generator from the key and
puts their previous states back afterwards. A plain int index (``dataset[3]``, a test loader)
has no key: the item draws from the generators as they are, as before.
"""
import random
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np
import torch


class SampleKey(NamedTuple):
    """Which draw of the data stream a sample is.

    ``position`` counts the samples of pass ``epoch`` over the dataset (in the order of the
    sampler seeded with ``seed``) across all ranks, so a key does not depend on the number of
    processes or workers; for an endless sampler, ``epoch`` is the permutation of the dataset
    and ``position`` the place in it. A dataset may read ``epoch`` to change its pipeline as
    training goes on.
    """
    seed: int
    epoch: int
    position: int


class SampleIndex(int):
    """A dataset index (an ordinary int in every use) that also carries its :class:`SampleKey`."""

    def __new__(cls, index, key):
        self = super().__new__(cls, index)
        self.key = key
        return self

    def __reduce__(self):  # to reach DataLoader worker processes with the key
        return SampleIndex, (int(self), self.key)

    def __repr__(self):
        return f'SampleIndex({int(self)}, {self.key})'


def sample_key(index):
    """The :class:`SampleKey` of ``index``, or None for a plain int."""
    return index.key if isinstance(index, SampleIndex) else None


@contextmanager
def seeded_sample(index):
    """Load the item ``index`` with its own random numbers: inside the block Python's
    ``random``, numpy's global generator and torch's CPU generator are seeded from the index's
    key; their states before it are restored after it. A plain int changes nothing."""
    key = sample_key(index)
    if key is None:
        yield
        return
    with generators_kept():
        words = np.random.SeedSequence(key).generate_state(3, np.uint64)
        random.seed(int(words[0]))
        np.random.seed(words[1:2].view(np.uint32))  # 64 bits, as the 32-bit words it takes
        # torch.manual_seed would also reseed the CUDA generators, which are not restored here
        torch.default_generator.manual_seed(int(words[2]))
        yield


@contextmanager
def generators_kept():
    """Python's ``random``, numpy's global generator and torch's CPU generator put back after
    the block as they were before it, whatever it drew."""
    states = random.getstate(), np.random.get_state(), torch.get_rng_state()
    try:
        yield
    finally:
        random.setstate(states[0])
        np.random.set_state(states[1])
        torch.set_rng_state(states[2])
