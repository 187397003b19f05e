"""Tiny A|B datasets written into pytest's tmp_path."""
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
