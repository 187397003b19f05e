"""A loop over a DataLoader's batches ends its worker processes when it stops, even early."""
import multiprocessing

import pytest
import torch
from torch.utils.data import DataLoader

from i2itools.utils.loader_batches import loader_batches


@pytest.mark.parametrize('persistent', [False, True])
def test_a_loop_left_early_or_by_an_error_leaves_no_worker_behind(persistent):
    earlier = set(multiprocessing.active_children())  # other tests' processes in this worker

    def workers():
        return set(multiprocessing.active_children()) - earlier

    loader = DataLoader(torch.arange(8.0), batch_size=2, num_workers=1,
                        persistent_workers=persistent)
    with loader_batches(loader) as batches:
        assert len(workers()) == 1
        for _ in batches:
            break
    assert workers() == set()  # though `batches` is still referenced
    with pytest.raises(RuntimeError), loader_batches(loader) as again:
        next(again)
        raise RuntimeError('a failing test step')
    assert workers() == set()
    with loader_batches(loader) as whole:  # the loader still works
        assert [len(batch) for batch in whole] == [2, 2, 2, 2]
    assert workers() == set()
