"""Saves input | output | target grids of the training batch as PNGs every N iterations."""
import os.path as osp

from mmengine.dist import master_only
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from i2itools.registry import HOOKS
from i2itools.utils.atomic_write import atomic_save_image, atomic_write_json
from i2itools.utils.image_conversion import batch_rows, grid_of_rows
from i2itools.utils.visual_labels import COLUMNS_FILE, visual_label


@HOOKS.register_module()
class SampleGridHook(Hook):
    """Writes ``work_dir/samples/iter_XXXXXXXX.png``: one row per sample, one column per visual,
    and ``samples/columns.json``, the columns' labels (``report.html`` shows them).

    Args:
        interval: save every ``interval`` iterations (and after the last one).
        max_rows: at most this many samples of the batch per grid.
        keys: tensor names for the columns; defaults to the model's ``visuals``.

    The tensors are the ones the training step just made (the reference's current visuals), so
    sampling costs no extra forward pass.
    """

    priority = 'LOW'

    def __init__(self, interval=500, max_rows=4, keys=None):
        self.interval = interval
        self.max_rows = max_rows
        self.keys = keys

    @master_only
    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if not (self.every_n_train_iters(runner, self.interval) or self.is_last_train_iter(runner)):
            return
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        visuals = model.latest_visuals
        keys = [k for k in (self.keys or model.visuals) if k in visuals]
        if not keys:
            return
        grid = grid_of_rows(batch_rows(visuals, keys, self.max_rows))
        folder = osp.join(runner.work_dir, 'samples')
        atomic_save_image(grid, osp.join(folder, f'iter_{runner.iter + 1:08d}.png'))
        atomic_write_json([visual_label(k) for k in keys], osp.join(folder, COLUMNS_FILE))
