"""mmengine's checkpoint hook, made so that a complete checkpoint is never lost or spoilt."""
import os.path as osp
from collections import deque

import torch
from mmengine.dist import is_main_process
from mmengine.fileio import get_file_backend
from mmengine.hooks import CheckpointHook
from mmengine.model import is_model_wrapper
from mmengine.runner.checkpoint import get_state_dict, weights_to_cpu

from i2itools.engine.checkpoint_files import POINTER_FILE, remove_interrupted_writes
from i2itools.engine.training_stopped import TrainingStopped
from i2itools.registry import HOOKS
from i2itools.utils.atomic_write import atomic_path


@HOOKS.register_module()
class SafeCheckpointHook(CheckpointHook):
    """``CheckpointHook`` (the same arguments) that never loses a complete checkpoint.

    - ``last_checkpoint`` is replaced atomically, and only once the file it names is complete.
      (The checkpoint itself is written atomically by ``backend_args=dict(backend=
      'atomic_local')``, as ``default_runtime.py`` sets.)
    - The checkpoints beyond ``max_keep_ckpts`` (keep the last K) are deleted only after the new
      one is complete; mmengine deletes first, so a failed write could leave none.
    - Weights that are not finite are never written: training stops, naming the last good one.
    - A failed write (a full disk) stops training with a message naming the last complete
      checkpoint; its temporary file is removed and the earlier checkpoints stay as they were.
    - When another hook stops training early (``train_loop.stop_training``: a signal, a
      non-finite loss), the iteration just finished is saved before the run ends.
    - Temporary files of writes that a killed process left behind are removed at the start.
    - With ``save_best`` (and ``rule``), the new ``best_<metric>_iter_N.pth`` is complete before
      the previous best is deleted (mmengine deletes first), so a best checkpoint always exists
      once one was written, and only the best so far is kept.
    """

    def before_train(self, runner):
        if self.file_client_args is None:
            self._prepare(runner)
        else:  # the deprecated way a config asked for
            super().before_train(runner)
        self._saved_step = None
        if is_main_process():
            for folder in {self.out_dir, runner.work_dir}:
                for path in remove_interrupted_writes(folder):
                    runner.logger.info(f'removed {path}, left by an interrupted checkpoint write')

    def _prepare(self, runner):
        """What ``CheckpointHook.before_train`` does (the out dir and its file backend, the best
        and kept checkpoints of a resumed run), without building mmengine's deprecated
        ``FileClient``, which it builds unasked and which warns twice on every run."""
        if self.out_dir is None:
            self.out_dir = runner.work_dir
        self.file_backend = get_file_backend(self.out_dir, backend_args=self.backend_args)
        if self.out_dir != runner.work_dir:  # as mmengine: <out_dir>/<work dir's name>
            self.out_dir = self.file_backend.join_path(
                self.out_dir, osp.basename(runner.work_dir.rstrip(osp.sep)))
        runner.logger.info(f'Checkpoints will be saved to {self.out_dir}.')
        info = runner.message_hub.runtime_info
        if self.save_best is not None:
            if len(self.key_indicators) == 1:
                self.best_ckpt_path = info.get('best_ckpt')
            else:
                self.best_ckpt_path_dict.update(
                    {key: info.get(f'best_ckpt_{key}') for key in self.key_indicators})
        if self.max_keep_ckpts > 0:
            resumed = list(info.get('keep_ckpt_ids', []))
            self.keep_ckpt_ids = deque(resumed)
            if is_main_process():
                self._remove_all_but(resumed[-self.max_keep_ckpts:])
            self.keep_ckpt_ids = deque(resumed[-self.max_keep_ckpts:], self.max_keep_ckpts)

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        super().after_train_iter(runner, batch_idx, data_batch, outputs)
        stopping = getattr(runner.train_loop, 'stop_training', False)
        if stopping and not self.by_epoch and self._saved_step != runner.iter + 1:
            runner.logger.info(f'Saving checkpoint at {runner.iter + 1} iterations: training stops')
            self._save_checkpoint(runner)

    def _save_best_checkpoint(self, runner, metrics):
        previous = self._best_paths()
        # hide the previous bests from mmengine, which would delete them before writing the new
        self._set_best_paths([None] * len(previous))
        try:
            super()._save_best_checkpoint(runner, metrics)
        except BaseException:
            self._set_best_paths(previous)  # the new best was not written
            raise
        current = self._best_paths()
        self._set_best_paths([new or old for new, old in zip(current, previous)])
        for new, old in zip(current, previous):
            if new and old and new != old and is_main_process() and osp.isfile(old):
                self.file_backend.remove(old)
                runner.logger.info(f'removed the previous best checkpoint {old}')

    def _best_paths(self):
        """The path of the best checkpoint so far per ``save_best`` metric (None before one)."""
        if len(self.key_indicators) == 1:
            return [self.best_ckpt_path]
        return [self.best_ckpt_path_dict.get(key) for key in self.key_indicators]

    def _set_best_paths(self, paths):
        if len(self.key_indicators) == 1:
            self.best_ckpt_path, = paths
        else:
            self.best_ckpt_path_dict.update(zip(self.key_indicators, paths))

    def before_save_checkpoint(self, runner, checkpoint):
        # mmengine saves model.state_dict(), where under DDP every net's keys carry its wrapper's
        # 'module.' (G.module.model...): neither a resume nor a single-process tool would load
        # them. The nets' own names make one checkpoint format for any number of processes.
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        checkpoint['state_dict'] = weights_to_cpu(get_state_dict(model))

    def _save_checkpoint_with_step(self, runner, step, meta):
        # every rank gets here; only rank 0 writes, so the others' random states go to it now
        gather = getattr(runner.train_loop, 'gather_rank_states', None)
        if gather is not None:
            gather()
        filename = self.filename_tmpl.format(step)
        path = self.file_backend.join_path(self.out_dir, filename)
        previous = runner.message_hub.get_info('last_ckpt') or 'none (no checkpoint yet)'
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        bad = _non_finite_tensors(model)
        if bad:
            raise TrainingStopped(
                f'the weights are not finite after iteration {step} ({", ".join(bad[:3])}'
                f'{", ..." if len(bad) > 3 else ""}), so they were not saved. The last good '
                f'checkpoint is {previous}: resume from it with a lower learning rate.')
        kept = self._kept_with(step)
        # the checkpoint's own runtime info lists it already, as mmengine's hook does
        runner.message_hub.update_info('last_ckpt', path)
        if self.max_keep_ckpts > 0:
            runner.message_hub.update_info('keep_ckpt_ids', kept)
        try:
            runner.save_checkpoint(
                self.out_dir, filename, self.file_client_args, save_optimizer=self.save_optimizer,
                save_param_scheduler=self.save_param_scheduler, meta=meta, by_epoch=self.by_epoch,
                backend_args=self.backend_args, **self.args)
        except OSError as error:
            raise TrainingStopped(
                f'could not write checkpoint {path}: {error.strerror or error}. The last complete '
                f'checkpoint is {previous}: free some space (or use another --work-dir), then '
                'resume.') from error
        self.last_ckpt, self._saved_step = path, step
        if is_main_process():
            with atomic_path(osp.join(runner.work_dir, POINTER_FILE)) as tmp, open(tmp, 'w') as f:
                f.write(path)
            self._remove_all_but(kept)

    def _kept_with(self, step):
        """The steps whose checkpoints are kept once ``step``'s is written, oldest first."""
        if self.max_keep_ckpts <= 0:
            return []
        return ([s for s in self.keep_ckpt_ids if s != step] + [step])[-self.max_keep_ckpts:]

    def _remove_all_but(self, kept):
        if self.max_keep_ckpts <= 0:
            return
        for step in set(self.keep_ckpt_ids) - set(kept):
            old = self.file_backend.join_path(self.out_dir, self.filename_tmpl.format(step))
            if self.file_backend.isfile(old):
                self.file_backend.remove(old)
        self.keep_ckpt_ids = deque(kept, self.max_keep_ckpts)


def _non_finite_tensors(model):
    """Names of the floating-point tensors of ``model``'s state that hold a NaN or an infinity."""
    return [name for name, tensor in model.state_dict().items()
            if tensor.is_floating_point() and not torch.isfinite(tensor).all()]
