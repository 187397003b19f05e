"""Ending a DataLoader's worker processes when a loop over it stops, also an early one."""
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
        end_workers(loader, iterator)


def end_workers(loader, iterator=None):
    """Shut down the worker processes of ``iterator`` of ``loader`` (default: the iterator a
    DataLoader with ``persistent_workers=True`` keeps, if any); its next iterator starts new
    ones."""
    kept = getattr(loader, '_iterator', None)
    iterator = kept if iterator is None else iterator
    shutdown = getattr(iterator, '_shutdown_workers', None)
    if shutdown is not None:
        shutdown()
    if kept is not None and kept is iterator:
        loader._iterator = None
