"""Two CPU processes (gloo) train through tools/dist_train.sh and end with identical weights
(pix2pix; FastCUT, whose patch sampler F runs twice per step under its own DDP wrapper), and a
two-process run resumed from a checkpoint continues exactly like the uninterrupted run: the
checkpoint holds the weights under the nets' own names and every process's random states (each
draws its own dropout noise)."""
import pytest
import torch
from tiny_configs import TINY_CONFIG, write_tiny_config
from two_ranks import dist_train

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)

DUMP_HOOK = '''
import os
import torch
from mmengine.hooks import Hook
from i2itools.registry import HOOKS


@HOOKS.register_module()
class DumpRankParametersHook(Hook):
    def after_train(self, runner):
        model = runner.model.module
        params = {k: v.detach().clone() for k, v in model.named_parameters()}
        torch.save(dict(params=params, world_size=runner.world_size),
                   os.path.join(runner.work_dir, f'rank{runner.rank}.pth'))
'''


def dumping_parameters(config):
    """``config`` with a plugin hook beside it that saves each rank's parameters at the end."""
    (config.parent / 'dump_rank_hook.py').write_text(DUMP_HOOK)
    config.write_text(config.read_text() + (
        "\ncustom_imports = dict(imports=['dump_rank_hook'], allow_failed_imports=False)"
        "\ncustom_hooks = [dict(type='DumpRankParametersHook')]\n"))
    return config


@pytest.fixture(scope='module')
def pix2pix_on_two_ranks(tmp_path_factory, tiny_data):
    """(config, work dir) of tiny pix2pix with dropout trained on 2 processes: 4 iterations,
    checkpoints at 2 and 4, each rank's parameters saved at the end."""
    folder = tmp_path_factory.mktemp('two_ranks')
    config = dumping_parameters(write_tiny_config(folder / 'tiny_pix2pix.py', TINY_CONFIG,
                                                  tiny_data))
    dist_train(config, folder / 'whole', pythonpath=[folder])
    return config, folder / 'whole'


@pytest.fixture
def fastcut_on_two_ranks(tiny_fastcut_config, tmp_path):
    """(config, work dir) of tiny FastCUT trained on 2 processes, as the fixture above."""
    dist_train(dumping_parameters(tiny_fastcut_config), tmp_path / 'work', pythonpath=[tmp_path])
    return tiny_fastcut_config, tmp_path / 'work'


@pytest.mark.parametrize('run', ['pix2pix_on_two_ranks', 'fastcut_on_two_ranks'])
def test_two_cpu_processes_finish_with_identical_weights(run, request):
    _, work = request.getfixturevalue(run)
    ranks = [torch.load(work / f'rank{r}.pth', weights_only=True) for r in (0, 1)]
    assert ranks[0]['world_size'] == ranks[1]['world_size'] == 2
    assert ranks[0]['params'].keys() == ranks[1]['params'].keys()
    assert any('.module.' in k for k in ranks[0]['params'])  # each net really was DDP-wrapped
    for key, value in ranks[0]['params'].items():
        assert torch.equal(value, ranks[1]['params'][key]), key


def test_a_resumed_two_process_run_repeats_the_uninterrupted_one(pix2pix_on_two_ranks,
                                                                 tmp_path):
    config, whole = pix2pix_on_two_ranks
    middle = torch.load(whole / 'iter_2.pth', weights_only=True)
    ranks = middle['train_state']['rng_ranks']
    assert len(ranks) == 2 and not torch.equal(ranks[0]['torch'], ranks[1]['torch'])
    dist_train(config, tmp_path / 'resumed', '--resume', str(whole / 'iter_2.pth'),
               pythonpath=[config.parent])
    final, resumed = (torch.load(work / 'iter_4.pth', weights_only=True)['state_dict']
                      for work in (whole, tmp_path / 'resumed'))
    assert not any('.module.' in key for key in final)   # the nets' own names, as one process
    for key, value in final.items():
        assert torch.equal(value, resumed[key]), key
