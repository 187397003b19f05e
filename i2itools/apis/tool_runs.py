"""Run a command-line tool as a child process, for the tools that train and score many runs."""
import os
import os.path as osp
import subprocess
import sys

from i2itools.utils.cli_errors import UserError


def run_tool(script, args, log, threads):
    """Run the Python ``script`` with ``args`` on ``threads`` CPU threads, appending its output
    to ``log``; raise on failure, naming the log. Return the child's resource use
    (``os.wait4``'s: ``ru_maxrss``, ``ru_utime``, ...)."""
    env = {**os.environ, 'OMP_NUM_THREADS': str(threads), 'MKL_NUM_THREADS': str(threads)}
    with open(log, 'a') as out:
        process = subprocess.Popen([sys.executable, script, *args], stdout=out,
                                   stderr=subprocess.STDOUT, env=env)
        # wait4: this process's resource use (and its loader workers'), unlike getrusage's
        # total over every child the caller ever ran
        _, status, usage = os.wait4(process.pid, 0)
    returncode = os.waitstatus_to_exitcode(status)
    if returncode:
        raise UserError(f'{osp.basename(script)} {" ".join(args)} failed (exit {returncode}); '
                        f'its output is in {log}')
    return usage
