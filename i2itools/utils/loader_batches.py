"""Iterating a DataLoader so that its worker processes end with the loop, also an early one."""
from contextlib import contextmanager


@contextmanager
def loader_batches(loader):
    """The batches of ``loader`` as an iterator whose worker processes (if any) end when the
    ``with`` block does — after a ``break`` or an error too — and not at some later garbage
    collection, whose shutdown of them can wait 5 s per worker."""
    iterator = iter(loader)
    try:
        yield iterator
    finally:
        shutdown = getattr(iterator, '_shutdown_workers', None)
        if shutdown is not None:
            shutdown()
        if getattr(loader, '_iterator', None) is iterator:  # persistent workers: none kept
            loader._iterator = None
