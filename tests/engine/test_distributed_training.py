"""Two CPU processes (gloo) train through tools/dist_train.sh and end with identical weights
(pix2pix; FastCUT, whose patch sampler F runs twice per step under its own DDP wrapper)."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

REPO = Path(__file__).resolve().parents[2]

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


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.mark.parametrize('config', ['tiny_config', 'tiny_fastcut_config'])
def test_two_cpu_processes_finish_with_identical_weights(config, request, tmp_path):
    tiny_config = request.getfixturevalue(config)
    (tmp_path / 'dump_rank_hook.py').write_text(DUMP_HOOK)
    tiny_config.write_text(tiny_config.read_text() + (
        "\ncustom_imports = dict(imports=['dump_rank_hook'], allow_failed_imports=False)"
        "\ncustom_hooks = [dict(type='DumpRankParametersHook')]\n"))
    env = {**os.environ, 'PORT': str(_free_port()), 'PYTHON': sys.executable,
           'PYTHONPATH': f'{tmp_path}:{REPO}', 'OMP_NUM_THREADS': '1'}
    result = subprocess.run(['bash', str(REPO / 'tools' / 'dist_train.sh'), str(tiny_config), '2',
                             '--work-dir', str(tmp_path / 'work')],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    ranks = [torch.load(tmp_path / 'work' / f'rank{r}.pth', weights_only=True) for r in (0, 1)]
    assert ranks[0]['world_size'] == ranks[1]['world_size'] == 2
    assert ranks[0]['params'].keys() == ranks[1]['params'].keys()
    assert any('.module.' in k for k in ranks[0]['params'])  # each net really was DDP-wrapped
    for key, value in ranks[0]['params'].items():
        assert torch.equal(value, ranks[1]['params'][key]), key
