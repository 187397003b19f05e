"""A local file backend whose writes are atomic, used by the checkpoint hook."""
from mmengine.fileio import LocalBackend, register_backend

from i2itools.utils.atomic_write import atomic_path


class AtomicLocalBackend(LocalBackend):
    """mmengine's local backend, but a file is written beside its target, fsynced and renamed
    onto it: an interrupted save leaves the previous file (or none), never a truncated one.

    Selected with ``backend_args=dict(backend='atomic_local')`` (see ``default_runtime.py``).
    """

    def put(self, obj, filepath):
        with atomic_path(filepath) as tmp, open(tmp, 'wb') as f:
            f.write(obj)

    def put_text(self, obj, filepath, encoding='utf-8'):
        with atomic_path(filepath) as tmp, open(tmp, 'w', encoding=encoding) as f:
            f.write(obj)


register_backend('atomic_local', AtomicLocalBackend, force=True)
