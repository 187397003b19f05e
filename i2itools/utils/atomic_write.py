"""Write files so that a crash leaves either the old file or the complete new one."""
import json
import os
import tempfile
from contextlib import contextmanager

import torch
from PIL import Image


@contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; on success fsync it and rename it onto ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix='.' + os.path.basename(path) + '.', dir=folder)
    os.close(handle)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; keep the usual mode
    try:
        yield tmp
        with open(tmp, 'rb') as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        _fsync_folder(folder)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def _fsync_folder(folder):
    """Make the rename itself durable: a power cut after it must not bring the old file back."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_torch_save(obj, path):
    """``torch.save`` that never leaves a truncated file at ``path``."""
    with atomic_path(path) as tmp:
        torch.save(obj, tmp)


def atomic_save_image(array, path):
    """Save an H x W x C uint8 array as an image (format from the extension), atomically."""
    fmt = Image.registered_extensions().get(os.path.splitext(path)[1].lower(), 'PNG')
    with atomic_path(path) as tmp:
        Image.fromarray(array).save(tmp, format=fmt)


def atomic_write_json(obj, path):
    """Write ``obj`` as indented JSON to ``path`` atomically."""
    with atomic_path(path) as tmp, open(tmp, 'w') as f:
        json.dump(obj, f, indent=2)
