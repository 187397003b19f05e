"""Runs a script, or tools/dist_train.sh, as 2 CPU processes (gloo), as the DDP tests do."""
import os
import socket
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def free_port():
    """A TCP port of this machine that nothing listens on now."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def dist_train(config, work_dir, *options, pythonpath=()):
    """``tools/dist_train.sh CONFIG 2 --work-dir WORK_DIR OPTIONS`` with one thread per rank
    (``pythonpath``: folders of plugins the config imports); fail with its output unless it
    exits cleanly."""
    env = {**os.environ, 'PORT': str(free_port()), 'PYTHON': sys.executable,
           'PYTHONPATH': ':'.join([*map(str, pythonpath), str(REPO)]), 'OMP_NUM_THREADS': '1'}
    result = subprocess.run(['bash', str(REPO / 'tools' / 'dist_train.sh'), str(config), '2',
                             '--work-dir', str(work_dir), *map(str, options)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def run_two_ranks(script, *args, timeout=600):
    """Run ``tests/engine/<script> ARGS`` on 2 ranks with one thread each; fail with the
    processes' output if it does not exit cleanly."""
    port = free_port()
    env = {**os.environ, 'PYTHONPATH': f'{HERE}:{HERE.parent}:{REPO}', 'OMP_NUM_THREADS': '1'}
    result = subprocess.run(
        [sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node=2',
         f'--master_port={port}', str(HERE / script), *map(str, args)],
        env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
