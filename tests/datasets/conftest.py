"""Tiny A|B datasets written into pytest's tmp_path, and a helper racing processes."""
import multiprocessing
import numpy as np
import pytest
from PIL import Image


def _write_pair(path, a, b):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.concatenate([a, b], axis=1)).save(path)
    return str(path)


@pytest.fixture
def write_pair():
    """``write_pair(path, a, b)``: save arrays A and B side by side as one file; returns str."""
    return _write_pair


@pytest.fixture
def pairs_root(tmp_path):
    """``tmp_path/data/train`` with 3 non-square pairs (A 24 wide, 16 high), B = A's channels
    reversed, so that any transform applied differently to A and B shows up."""
    rng = np.random.default_rng(0)
    for i in range(3):
        a = rng.integers(0, 256, (16, 24, 3), dtype=np.uint8)
        _write_pair(tmp_path / 'data' / 'train' / f'{i:02d}.png', a, a[:, :, ::-1])
    return tmp_path / 'data'


def _race_child(build, barrier, queue):
    barrier.wait()
    try:
        queue.put(('ok', *build()))
    except Exception as err:  # report it to the parent rather than die silently
        queue.put(('error', repr(err)))


@pytest.fixture
def race():
    """``race(build, processes=4)``: call ``build`` in forked processes released at the same
    moment (e.g. to generate built-in data concurrently); returns ('ok', *result) or
    ('error', repr) per process."""

    def run(build, processes=4):
        context = multiprocessing.get_context('fork')
        barrier, queue = context.Barrier(processes), context.Queue()
        workers = [context.Process(target=_race_child, args=(build, barrier, queue))
                   for _ in range(processes)]
        for worker in workers:
            worker.start()
        results = [queue.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        return results

    return run
