"""A NaN loss on one DDP rank skips the update on every rank, with no flag exchanged and (fused
Adam) no host read: the ranks agree through the NaN that DDP averages into the gradients."""
import pytest
import torch

from two_ranks import run_two_ranks


@pytest.fixture(scope='module')
def ranks(tmp_path_factory):
    """optimizer ('fused', 'plain') -> each rank's G parameters after each of 3 iterations."""
    out = tmp_path_factory.mktemp('ddp_nan')
    run_two_ranks('ddp_nan_steps.py', out)
    return {kind: [torch.load(out / f'{kind}_rank{r}.pt', weights_only=True) for r in (0, 1)]
            for kind in ('fused', 'plain')}


def _equal(first, second):
    return all(torch.equal(a, b) for a, b in zip(first, second))


@pytest.mark.parametrize('kind', ['fused', 'plain'])
def test_a_nan_on_one_rank_skips_the_update_on_both(ranks, kind):
    first, second = ranks[kind]
    for iteration in range(3):
        assert _equal(first[iteration], second[iteration]), iteration  # the ranks agree
    assert _equal(first[1], first[0])  # iteration 1 (NaN on rank 1 only) changed nothing
    assert not _equal(first[2], first[1])  # and training went on
    assert all(torch.isfinite(p).all() for p in first[2])
