"""save_best: only the best checkpoint so far is kept, and the previous best is deleted only
once the new one is written, so a failed write leaves the old best in place."""
from types import SimpleNamespace

import pytest
from mmengine.fileio import get_file_backend
from mmengine.logging import MessageHub, MMLogger

from i2itools.engine.hooks import SafeCheckpointHook


def _hook_and_runner(tmp_path, name, fail_at=None):
    hook = SafeCheckpointHook(interval=1000, by_epoch=False, save_best='PSNR', rule='greater')
    hook.out_dir, hook.file_backend = str(tmp_path), get_file_backend(str(tmp_path))

    def save_checkpoint(out_dir, filename, *args, **kwargs):
        if runner.iter == fail_at:
            raise OSError('No space left on device')
        (tmp_path / filename).write_text(str(runner.iter))

    runner = SimpleNamespace(epoch=0, iter=0, save_checkpoint=save_checkpoint,
                             message_hub=MessageHub.get_instance(name),
                             logger=MMLogger.get_instance(name))
    return hook, runner


def _validate(hook, runner, iteration, psnr):
    runner.iter = iteration
    hook.after_val_epoch(runner, dict(PSNR=psnr))


def test_only_the_best_so_far_is_kept(tmp_path):
    hook, runner = _hook_and_runner(tmp_path, 'best-kept')
    for iteration, psnr in ((2, 10.0), (4, 12.0), (6, 11.0), (8, 12.0)):
        _validate(hook, runner, iteration, psnr)
    assert [p.name for p in tmp_path.iterdir()] == ['best_PSNR_iter_4.pth']


def test_failed_write_of_a_new_best_keeps_the_previous_one(tmp_path):
    hook, runner = _hook_and_runner(tmp_path, 'best-failed', fail_at=4)
    _validate(hook, runner, 2, 10.0)
    with pytest.raises(OSError, match='No space'):
        _validate(hook, runner, 4, 12.0)
    assert [p.name for p in tmp_path.iterdir()] == ['best_PSNR_iter_2.pth']
    assert hook.best_ckpt_path == str(tmp_path / 'best_PSNR_iter_2.pth')
