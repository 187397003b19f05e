"""Runs a script under torch.distributed.run as 2 CPU processes (gloo), as the DDP tests do."""
import os
import socket
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def run_two_ranks(script, *args, timeout=600):
    """Run ``tests/engine/<script> ARGS`` on 2 ranks with one thread each; fail with the
    processes' output if it does not exit cleanly."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    env = {**os.environ, 'PYTHONPATH': f'{HERE}:{HERE.parent}:{REPO}', 'OMP_NUM_THREADS': '1'}
    result = subprocess.run(
        [sys.executable, '-m', 'torch.distributed.run', '--nproc_per_node=2',
         f'--master_port={port}', str(HERE / script), *map(str, args)],
        env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
