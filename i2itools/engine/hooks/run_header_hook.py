"""Says in a few lines what a run is, when training starts: config, work dir, device, data."""
import os.path as osp

import torch
from mmengine.dist import get_world_size
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper

from i2itools.registry import HOOKS
from .training_report_hook import TrainingReportHook, shown_path


@HOOKS.register_module()
class RunHeaderHook(Hook):
    """Logs the run's header before the objective (``ObjectiveLogHook``) and the progress bar:
    the config file, the work dir and the full log file, the device, the training data, the
    length of the run, when it validates and where ``report.html`` will be. The console shows
    it instead of mmengine's environment and config dump, which go to the log file
    (``tools/train.py --verbose`` shows them too)."""

    priority = 'ABOVE_NORMAL'  # before ObjectiveLogHook's objective

    def before_train(self, runner):
        print_log('\n'.join(header_lines(runner)), logger='current')


def header_lines(runner):
    """The lines of the header of ``runner``'s run."""
    cfg = runner.cfg
    log_file = osp.join(runner.log_dir, f'{runner.timestamp}.log')
    dataset = runner.train_dataloader.dataset
    data_root = cfg.train_dataloader.dataset.get('data_root') or type(dataset).__name__
    batch = cfg.train_dataloader.get('batch_size')
    processes = get_world_size()
    per_process = f' per process × {processes} processes' if processes > 1 else ''
    resumed = f' (resumed at {runner.iter})' if runner.iter else ''
    lines = [
        f'config:   {cfg.filename or "(not from a file)"}',
        f'work dir: {shown_path(runner.work_dir)}',
        f'log:      {shown_path(log_file)} (with the environment and the full config)',
        f'device:   {_device(runner.model)}',
        f'data:     {len(dataset)} training items from {data_root}, batch {batch}{per_process}',
        f'run:      {runner.max_iters} iterations{resumed}; {_validation(runner)}',
    ]
    if any(isinstance(hook, TrainingReportHook) for hook in runner.hooks):
        report = shown_path(osp.join(runner.work_dir, 'report.html'))
        lines.append(f'report:   {report} (at every validation and at the end)')
    return lines



def _device(model):
    model = model.module if is_model_wrapper(model) else model
    device = next(model.parameters()).device
    if device.type == 'cuda':
        return f'{device} ({torch.cuda.get_device_name(device)})'
    threads = torch.get_num_threads()
    return f'{device} ({threads} thread{"s" if threads > 1 else ""})'


def _validation(runner):
    loop = runner.train_loop
    begin, interval = getattr(loop, 'val_begin', 1), getattr(loop, 'val_interval', 0)
    if runner.cfg.get('val_cfg') is None or not interval:
        return 'no validation'
    if begin > runner.max_iters:
        return f'no validation in this run (the first would be at iteration {begin})'
    return f'validation every {interval} iterations from iteration {begin}, and after the last'
