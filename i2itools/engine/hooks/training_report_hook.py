"""Refreshes the work dir's ``report.html`` at every validation and when training ends."""
import os.path as osp

from mmengine.dist import master_only
from mmengine.hooks import Hook

from i2itools.engine.training_report import write_training_report
from i2itools.registry import HOOKS


@HOOKS.register_module()
class TrainingReportHook(Hook):
    """Writes ``work_dir/report.html``: the best and the latest checkpoint with the commands that
    test them, loss, learning-rate and metric curves, the validation grids over time, the latest
    training grids (columns labelled) and the config (see
    :func:`~i2itools.engine.training_report.write_training_report`). Needs only matplotlib;
    open the file in a browser while the run goes on (the run's header names it). Its path is
    logged once more when training ends."""

    priority = 'LOWEST'  # after the logger, the grids and the best checkpoint of this validation

    def __init__(self):
        self._config_text = None

    @master_only
    def after_val_epoch(self, runner, metrics=None):
        self._write(runner)

    @master_only
    def after_train(self, runner):
        runner.logger.info(f'training report: {shown_path(self._write(runner))}')

    def _write(self, runner):
        info = runner.message_hub.runtime_info
        best = [(key[len('best_ckpt_'):] or _single_metric(runner), path)
                for key, path in sorted(info.items())
                if key.startswith('best_ckpt') and path]
        if self._config_text is None:  # formatting a config takes a second; it does not change
            self._config_text = runner.cfg.pretty_text
        checkpoint = (runner.cfg.get('default_hooks') or {}).get('checkpoint') or {}
        return write_training_report(runner.work_dir, self._config_text, best,
                                     config_file=runner.cfg.filename,
                                     latest=info.get('last_ckpt'),
                                     validates=runner.cfg.get('val_cfg') is not None,
                                     keeps_best=bool(checkpoint.get('save_best')))


def shown_path(path):
    """``path`` relative to the current folder when it is inside it, else as it is."""
    relative = osp.relpath(path)
    return path if relative.startswith('..') else relative


def _single_metric(runner):
    """The ``save_best`` metric when there is only one (mmengine then stores it as 'best_ckpt')."""
    hook = next((h for h in runner.hooks if getattr(h, 'key_indicators', None)), None)
    return hook.key_indicators[0] if hook is not None else 'best'
