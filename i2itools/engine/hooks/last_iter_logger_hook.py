"""mmengine's LoggerHook, which also logs a run's last iteration: a short run leaves curves too."""
from mmengine.hooks import LoggerHook

from i2itools.registry import HOOKS


@HOOKS.register_module()
class LastIterLoggerHook(LoggerHook):
    """``LoggerHook`` (the same arguments) that logs the last training iteration even when it
    is not a multiple of ``interval``, so that every run, even one shorter than the interval,
    leaves its losses and learning rates in ``vis_data/scalars.json`` for ``report.html`` and
    ``tools/analyze_logs.py``."""

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        super().after_train_iter(runner, batch_idx, data_batch, outputs)
        if self.is_last_train_iter(runner) and not self._logged(runner, batch_idx):
            tag, line = runner.log_processor.get_log_after_iter(runner, batch_idx, 'train')
            runner.logger.info(line)
            runner.visualizer.add_scalars(tag, step=runner.iter + 1, file_path=self.json_log_path)

    def _logged(self, runner, batch_idx):
        """Whether ``LoggerHook.after_train_iter`` logged this iteration: on the interval, or
        at the end of a pass over the data (which an iteration-based run reaches when its
        length is a multiple of the data's)."""
        loader = runner.train_dataloader
        return self.every_n_inner_iters(batch_idx, self.interval) or (
            self.end_of_epoch(loader, batch_idx)
            and (not self.ignore_last or len(loader) <= self.interval))
