"""A context in which every way of reading a tensor's value into Python raises: proves that code
run inside it (a training step) never waits for the device."""
import contextlib

import torch

HOST_READS = ('item', '__bool__', '__float__', '__int__', '__index__', 'tolist', 'numpy')


@contextlib.contextmanager
def host_reads_refused():
    """``Tensor.item``, ``bool(t)``, ``float(t)``, ``int(t)``, indexing with a tensor, ``tolist``
    and ``numpy`` raise ``AssertionError`` meanwhile."""
    def refuse(self, *args, **kwargs):
        raise AssertionError('a tensor was read on the host inside the training step')

    saved = {name: getattr(torch.Tensor, name) for name in HOST_READS}
    try:
        for name in HOST_READS:
            setattr(torch.Tensor, name, refuse)
        yield
    finally:
        for name, method in saved.items():
            setattr(torch.Tensor, name, method)
