"""Lets ``torch.load(weights_only=True)`` (torch >= 2.6) read mmengine's resumable checkpoints.

mmengine 0.10.7 pickles its ``MessageHub`` with ``HistoryBuffer`` objects whose state includes
their statistics functions, written as ``getattr(HistoryBuffer, 'min')``; allowing ``getattr``
would let any checkpoint call arbitrary attributes, so instead a buffer is pickled as a call of
its constructor with plain lists, and exactly the classes and numpy reconstructors a checkpoint
then holds are allow-listed. Safety stays on: any other global is still refused.
"""
import copyreg

import numpy as np
import torch
from mmengine.logging import HistoryBuffer


def _reduce_history_buffer(buffer):
    log_history, count_history = buffer.data
    return HistoryBuffer, (log_history.tolist(), count_history.tolist(), buffer.max_length)


def _numpy_globals():
    """numpy scalar / array reconstructors under numpy 2's module path and numpy 1's name."""
    multiarray = np._core.multiarray if hasattr(np, '_core') else np.core.multiarray
    found = [np.ndarray, np.dtype]
    # the dtype of a numpy scalar in the logs (eta, times) is rebuilt from its DType class
    found += [type(np.dtype(name)) for name in ('float64', 'float32', 'int64', 'int32')]
    for name in ('_reconstruct', 'scalar'):
        function = getattr(multiarray, name)
        found += [function, (function, f'numpy.core.multiarray.{name}')]
    return found


def allow_mmengine_checkpoint_globals():
    """Register the safe pickling of ``HistoryBuffer`` and allow-list what checkpoints need."""
    copyreg.pickle(HistoryBuffer, _reduce_history_buffer)
    torch.serialization.add_safe_globals([HistoryBuffer, *_numpy_globals()])
