"""A two-process run resumed from a checkpoint continues exactly like the uninterrupted run:
the checkpoint holds the weights under the nets' own names and every process's random states
(each draws its own dropout noise)."""
import torch

from two_ranks import dist_train

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)


def test_a_resumed_two_process_run_repeats_the_uninterrupted_one(tiny_config, tmp_path):
    # tiny pix2pix with dropout: 4 iterations, checkpoints at 2 and 4
    dist_train(tiny_config, tmp_path / 'whole')
    middle = torch.load(tmp_path / 'whole' / 'iter_2.pth', weights_only=True)
    ranks = middle['train_state']['rng_ranks']
    assert len(ranks) == 2 and not torch.equal(ranks[0]['torch'], ranks[1]['torch'])
    dist_train(tiny_config, tmp_path / 'resumed', '--resume', str(tmp_path / 'whole' / 'iter_2.pth'))
    whole, resumed = (torch.load(tmp_path / run / 'iter_4.pth', weights_only=True)['state_dict']
                      for run in ('whole', 'resumed'))
    assert not any('.module.' in key for key in whole)   # the nets' own names, as one process
    for key, value in whole.items():
        assert torch.equal(value, resumed[key]), key
