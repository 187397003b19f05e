"""Every family trains identically on two DDP ranks (CPU, gloo): after 3 iterations each parameter
and buffer that DDP synchronises is equal on both ranks; where the computation is the same, the
2-rank run equals a single-process run of the global batch."""
import pytest
import torch

from ddp_family_steps import FAMILIES, train
from two_ranks import run_two_ranks

#: the same computation on 2 ranks and on the global batch: per-sample norms (instance), no
#: noise (dropout, z), no pool randomness while the pools fill, losses that are means over the
#: batch. The others differ by design: batch-norm statistics are per rank (pix2pix), each rank
#: draws its own z / dropout, and BicycleGAN's KL is a sum over each rank's half batch.
SAME_AS_GLOBAL_BATCH = ('pix2pix_instance_sgd', 'cyclegan_sgd')


@pytest.fixture(scope='module')
def ranks(tmp_path_factory):
    """family -> the two ranks' saved states and logs, from one 2-process launch."""
    out = tmp_path_factory.mktemp('ddp')
    run_two_ranks('ddp_family_steps.py', out, *FAMILIES)
    return {family: [torch.load(out / f'{family}_rank{r}.pt', weights_only=True) for r in (0, 1)]
            for family in FAMILIES}


@pytest.mark.parametrize('family', FAMILIES)
def test_both_ranks_end_with_identical_parameters(ranks, family):
    first, second = (rank['state'] for rank in ranks[family])
    assert first.keys() == second.keys()
    different = [name for name, value in first.items()
                 if _synchronised(name) and not torch.equal(value, second[name])]
    assert not different, f'{len(different)} tensors differ between the ranks, e.g. {different[:5]}'


@pytest.mark.parametrize('family', SAME_AS_GLOBAL_BATCH)
def test_two_ranks_equal_one_process_on_the_global_batch(ranks, family):
    single, _ = train(family, distributed=False)
    two = ranks[family][0]['state']
    for name, value in single.items():
        if _synchronised(name):  # a rank's own buffers hold its own half of the images
            torch.testing.assert_close(two[name], value, rtol=1e-5, atol=1e-5, msg=name)


def _synchronised(name):
    """DDP averages gradients, so parameters stay equal; buffers are kept per rank
    (broadcast_buffers=False: batch-norm statistics, image pools)."""
    return not any(part in name for part in ('running_', 'num_batches_tracked', 'pool', 'images'))
