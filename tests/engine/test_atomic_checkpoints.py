"""Checkpoint writes are atomic: a failure mid-write keeps the previous file and no debris."""
import os

import pytest
from mmengine.fileio import get_file_backend

import i2itools  # noqa: F401  (registers the 'atomic_local' backend)
from i2itools.engine.atomic_local_backend import AtomicLocalBackend



def test_the_runtime_config_selects_the_atomic_backend(tmp_path):
    backend = get_file_backend(str(tmp_path), backend_args=dict(backend='atomic_local'))
    assert isinstance(backend, AtomicLocalBackend)


def test_interrupted_write_leaves_the_old_checkpoint_intact(tmp_path, monkeypatch):
    target = tmp_path / 'iter_10.pth'
    backend = AtomicLocalBackend()
    backend.put(b'complete old checkpoint', target)

    def failing_fsync(fd):
        raise OSError('No space left on device')

    # the new bytes are written to the temporary file; the failure comes before the rename
    monkeypatch.setattr(os, 'fsync', failing_fsync)
    with pytest.raises(OSError, match='No space left'):
        backend.put(b'new checkpoint that never finishes', target)
    monkeypatch.undo()
    assert target.read_bytes() == b'complete old checkpoint'
    assert [p.name for p in tmp_path.iterdir()] == ['iter_10.pth']


def test_completed_write_replaces_the_file(tmp_path):
    target = tmp_path / 'last_checkpoint'
    backend = AtomicLocalBackend()
    backend.put_text('a', target)
    backend.put_text('b', target)
    assert target.read_text() == 'b'
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not left private by mkstemp
