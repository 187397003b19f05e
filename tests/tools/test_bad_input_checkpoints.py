"""Bad-input battery, checkpoint side: the CLI refuses a cut-short checkpoint, a work dir it
cannot write, a full disk and a resume with nothing to resume, with a short message naming the
file and the fix; a full disk leaves the previous checkpoint loadable. The faults are injected
at the start of a real process."""
from pathlib import Path

import pytest
import torch

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)

REPO = Path(__file__).resolve().parents[2]

#: loaded through PYTHONPATH as ``sitecustomize``: the OS errors of a full disk or a folder the
#: user may not write to, for files under FAULT_FOLDER (the tests run as root, which permission
#: bits do not stop, and no test can fill a real disk)
FAULTS = '''
import builtins
import errno
import os

FOLDER = os.path.abspath(os.environ['FAULT_FOLDER'])
KIND = os.environ['FAULT_KIND']
real_open, real_os_open, real_mkdir = builtins.open, os.open, os.mkdir


def inside(path):
    return os.path.abspath(os.fspath(path)).startswith(FOLDER)


class HalfWrittenFile:
    """Writes half of what it is given, then fails as a full disk does."""

    def __init__(self, file):
        self.file = file

    def write(self, data):
        self.file.write(data[:len(data) // 2])
        self.file.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


def full_disk_open(file, mode='r', *args, **kwargs):
    opened = real_open(file, mode, *args, **kwargs)
    name = os.path.basename(os.fspath(file)) if isinstance(file, (str, os.PathLike)) else ''
    if 'w' in mode and inside(file) and name.startswith('.' + os.environ['FAULT_NAME'] + '.'):
        return HalfWrittenFile(opened)
    return opened


def denied(path):
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))


def read_only_os_open(path, flags, *args, **kwargs):
    if inside(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
        raise denied(path)
    return real_os_open(path, flags, *args, **kwargs)


def read_only_mkdir(path, *args, **kwargs):
    if inside(path):
        raise denied(path)
    return real_mkdir(path, *args, **kwargs)


if KIND == 'full_disk':
    builtins.open = full_disk_open
elif KIND == 'read_only':
    os.open, os.mkdir = read_only_os_open, read_only_mkdir
'''


def _with_faults(tmp_path, kind, folder, **extra):
    """Environment that makes writes under ``folder`` fail as ``kind`` ('full_disk' for the
    files FAULT_NAME is written through, or 'read_only')."""
    faults = tmp_path / 'faults'
    faults.mkdir(exist_ok=True)
    (faults / 'sitecustomize.py').write_text(FAULTS)
    return {'PYTHONPATH': f'{faults}:{REPO}', 'FAULT_FOLDER': str(folder), 'FAULT_KIND': kind,
            **extra}


def _train(run_tool, config, work, *extra, env=None):
    result = run_tool('train.py', config, '--work-dir', work, *extra, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def _refused(result):
    """The message of a tool that refused its input: exit status 1, no traceback, and one or
    two lines from 'error: ' to the end of stderr."""
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert 'Traceback' not in result.stderr, result.stderr[-3000:]
    lines = result.stderr.strip().splitlines()
    message = lines[max(i for i, line in enumerate(lines) if line.startswith('error: ')):]
    assert len(message) <= 2, result.stderr[-3000:]
    return '\n'.join(message)


def _cut_short(path):
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


@pytest.fixture
def trained(pix2pix_run, copy_run):
    """A copy of the tiny pix2pix run after 4 iterations: iter_2.pth and iter_4.pth."""
    return copy_run(pix2pix_run)


def test_cut_short_checkpoint_is_refused_by_resume_and_by_test_naming_it(
        run_tool, trained, tmp_path):
    checkpoint = trained.work / 'iter_4.pth'
    _cut_short(checkpoint)
    for result in (run_tool('train.py', trained.config, '--work-dir', trained.work, '--resume',
                            checkpoint),
                   run_tool('test.py', trained.config, checkpoint, '--out', tmp_path / 'out')):
        message = _refused(result)
        assert f'{checkpoint} is not a complete checkpoint' in message
        assert 'use an earlier checkpoint' in message


def test_resume_without_a_path_skips_a_cut_short_newest_checkpoint_with_a_warning(
        run_tool, trained):
    _cut_short(trained.work / 'iter_4.pth')
    log = _train(run_tool, trained.config, trained.work, '--resume')
    assert (f'warning: --resume skips {trained.work}/iter_4.pth, which is not a complete '
            'checkpoint') in log
    assert 'resumed epoch: 0, iter: 2' in log
    assert torch.load(trained.work / 'iter_4.pth', weights_only=True)['meta']['iter'] == 4


def test_resume_with_nothing_to_resume_says_so(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'fresh'
    message = _refused(run_tool('train.py', tiny_config, '--work-dir', work, '--resume'))
    assert f'no complete checkpoint in {work} to resume from' in message
    assert 'Start without --resume' in message


def test_work_dir_that_cannot_be_written_is_named_before_training(run_tool_process, tiny_config,
                                                                  tmp_path):
    work = tmp_path / 'locked'
    work.mkdir()
    result = run_tool_process('train.py', tiny_config, '--work-dir', work,
                      env=_with_faults(tmp_path, 'read_only', work))
    message = _refused(result)
    assert f'work dir {work} is not writable (Permission denied)' in message
    assert 'pass --work-dir' in message
    assert 'Iter(train)' not in result.stdout + result.stderr


def test_full_disk_during_a_checkpoint_keeps_the_previous_one_loadable(
        run_tool_process, run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    # keeping only the last checkpoint: the previous one must survive the failed write anyway
    keep_one = ('--cfg-options', 'default_hooks.checkpoint.max_keep_ckpts=1')
    result = run_tool_process('train.py', tiny_config, '--work-dir', work, *keep_one,
                      env=_with_faults(tmp_path, 'full_disk', work, FAULT_NAME='iter_4.pth'))
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and 'Traceback' not in result.stderr, result.stderr[-3000:]
    assert lines[-2] == (f'could not write checkpoint {work}/iter_4.pth: No space left on '
                         f'device. The last complete checkpoint is {work}/iter_2.pth: free some '
                         'space (or use another --work-dir), then resume.')
    assert lines[-1].startswith('Resume with: ') and lines[-1].endswith(
        f'--work-dir {work} --resume (with your other options)')
    assert torch.load(work / 'iter_2.pth', weights_only=True)['meta']['iter'] == 2
    assert (work / 'last_checkpoint').read_text() == str(work / 'iter_2.pth')
    assert not (work / 'iter_4.pth').exists()
    assert not [p.name for p in work.iterdir() if p.name.startswith('.')]  # no half file left

    log = _train(run_tool, tiny_config, work, '--resume', *keep_one)
    assert 'resumed epoch: 0, iter: 2' in log
    assert sorted(p.name for p in work.glob('iter_*.pth')) == ['iter_4.pth']
