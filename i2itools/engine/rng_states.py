"""The random states a training step draws from (Python, numpy, torch CPU and CUDA), saved and
restored so that a resumed run draws the same numbers as one that never stopped.

The states are kept as plain lists, ints and uint8 tensors, so that checkpoints holding them
still load with ``torch.load(weights_only=True)`` and need nothing added to the allow-list.
"""
import random
import warnings
from contextlib import contextmanager

import numpy as np
import torch


def capture_rng_states():
    """The current state of every global random number generator, as a dict."""
    numpy_state = np.random.get_state(legacy=False)
    states = dict(
        python=random.getstate(),
        numpy=dict(key=numpy_state['state']['key'].tolist(), pos=numpy_state['state']['pos'],
                   has_gauss=numpy_state['has_gauss'], gauss=numpy_state['gauss']),
        torch=torch.get_rng_state(),
    )
    # asking for the CUDA states would start CUDA in a run that never used it
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        states['cuda'] = torch.cuda.get_rng_state_all()
    return states


def restore_rng_states(states):
    """Set every generator to the states :func:`capture_rng_states` returned."""
    version, internal, gauss_next = states['python']
    random.setstate((version, tuple(internal), gauss_next))
    numpy_state = states['numpy']
    np.random.set_state(dict(
        bit_generator='MT19937',
        state=dict(key=np.array(numpy_state['key'], dtype=np.uint32), pos=numpy_state['pos']),
        has_gauss=numpy_state['has_gauss'], gauss=numpy_state['gauss']))
    # a checkpoint loaded with map_location='cuda' brings these tensors to the GPU
    torch.set_rng_state(states['torch'].cpu())
    cuda = states.get('cuda')
    if cuda is None:
        return
    if torch.cuda.is_available() and torch.cuda.device_count() == len(cuda):
        torch.cuda.set_rng_state_all([state.cpu() for state in cuda])
    else:
        warnings.warn(f'the checkpoint holds the random states of {len(cuda)} CUDA devices and '
                      f'this machine has {torch.cuda.device_count()}: their random numbers will '
                      'differ from an uninterrupted run')


@contextmanager
def preserved_rng_states():
    """Run a block (validation, say) without changing what training draws afterwards."""
    states = capture_rng_states()
    try:
        yield
    finally:
        restore_rng_states(states)
