"""Random states survive a checkpoint: restored, every generator draws what it would have."""
import random

import numpy as np
import torch

from i2itools.engine.rng_states import (capture_rng_states, preserved_rng_states,
                                        restore_rng_states)


def _draw():
    return random.random(), np.random.rand(), np.random.randn(), torch.rand(3).tolist()


def test_states_saved_in_a_safe_checkpoint_give_the_same_draws(tmp_path):
    np.random.randn()  # leaves a cached gaussian, part of numpy's state
    torch.save(dict(rng=capture_rng_states()), tmp_path / 'state.pth')
    expected = _draw()
    _draw()
    restore_rng_states(torch.load(tmp_path / 'state.pth', weights_only=True)['rng'])
    assert _draw() == expected


def test_a_preserved_block_changes_nothing_drawn_after_it():
    states = capture_rng_states()
    expected = _draw()
    restore_rng_states(states)
    with preserved_rng_states():
        _draw()
    assert _draw() == expected
