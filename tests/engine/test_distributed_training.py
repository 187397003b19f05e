"""Two CPU processes (gloo) train through tools/dist_train.sh and end with identical weights
(pix2pix; FastCUT, whose patch sampler F runs twice per step under its own DDP wrapper)."""
import pytest
import torch

from two_ranks import dist_train

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


@pytest.mark.parametrize('config', ['tiny_config', 'tiny_fastcut_config'])
def test_two_cpu_processes_finish_with_identical_weights(config, request, tmp_path):
    tiny_config = request.getfixturevalue(config)
    (tmp_path / 'dump_rank_hook.py').write_text(DUMP_HOOK)
    tiny_config.write_text(tiny_config.read_text() + (
        "\ncustom_imports = dict(imports=['dump_rank_hook'], allow_failed_imports=False)"
        "\ncustom_hooks = [dict(type='DumpRankParametersHook')]\n"))
    dist_train(tiny_config, tmp_path / 'work', pythonpath=[tmp_path])
    ranks = [torch.load(tmp_path / 'work' / f'rank{r}.pth', weights_only=True) for r in (0, 1)]
    assert ranks[0]['world_size'] == ranks[1]['world_size'] == 2
    assert ranks[0]['params'].keys() == ranks[1]['params'].keys()
    assert any('.module.' in k for k in ranks[0]['params'])  # each net really was DDP-wrapped
    for key, value in ranks[0]['params'].items():
        assert torch.equal(value, ranks[1]['params'][key]), key
