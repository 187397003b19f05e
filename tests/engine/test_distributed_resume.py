"""A two-process run resumed from a checkpoint continues exactly like the uninterrupted run:
the checkpoint holds the weights under the nets' own names and every process's random states
(each draws its own dropout noise)."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import torch

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)

REPO = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _dist_train(config, work_dir, *options):
    env = {**os.environ, 'PORT': str(_free_port()), 'PYTHON': sys.executable,
           'PYTHONPATH': str(REPO), 'OMP_NUM_THREADS': '1'}
    result = subprocess.run(['bash', str(REPO / 'tools' / 'dist_train.sh'), str(config), '2',
                             '--work-dir', str(work_dir), *options],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_a_resumed_two_process_run_repeats_the_uninterrupted_one(tiny_config, tmp_path):
    # tiny pix2pix with dropout: 4 iterations, checkpoints at 2 and 4
    _dist_train(tiny_config, tmp_path / 'whole')
    middle = torch.load(tmp_path / 'whole' / 'iter_2.pth', weights_only=True)
    ranks = middle['train_state']['rng_ranks']
    assert len(ranks) == 2 and not torch.equal(ranks[0]['torch'], ranks[1]['torch'])
    _dist_train(tiny_config, tmp_path / 'resumed', '--resume', str(tmp_path / 'whole' / 'iter_2.pth'))
    whole, resumed = (torch.load(tmp_path / run / 'iter_4.pth', weights_only=True)['state_dict']
                      for run in ('whole', 'resumed'))
    assert not any('.module.' in key for key in whole)   # the nets' own names, as one process
    for key, value in whole.items():
        assert torch.equal(value, resumed[key]), key
