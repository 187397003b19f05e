"""Run a command-line tool as a child process, for the tools that train and score many runs."""
import os
import os.path as osp
import subprocess
import sys


def run_tool(script, args, log, threads):
    """Run the Python ``script`` with ``args`` on ``threads`` CPU threads, appending its output
    to ``log``; raise on failure, naming the log."""
    env = {**os.environ, 'OMP_NUM_THREADS': str(threads), 'MKL_NUM_THREADS': str(threads)}
    with open(log, 'a') as out:
        done = subprocess.run([sys.executable, script, *args], stdout=out,
                              stderr=subprocess.STDOUT, env=env)
    if done.returncode:
        raise RuntimeError(f'{osp.basename(script)} {" ".join(args)} failed (exit '
                           f'{done.returncode}); its output is in {log}')
