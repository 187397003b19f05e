"""Saves a grid of the first validation inputs and their outputs at every validation."""
import os.path as osp

from mmengine.dist import master_only
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from i2itools.engine.optional_tensorboard_backend import OptionalTensorboardVisBackend
from i2itools.registry import HOOKS
from i2itools.utils.atomic_write import atomic_save_image, atomic_write_json
from i2itools.utils.image_conversion import grid_of_rows, tensor_to_uint8
from i2itools.utils.visual_labels import COLUMNS_FILE, visual_label

#: folder of the work dir that holds the grids, one per validation
VAL_SAMPLES_DIR = 'val_samples'
TENSORBOARD_BACKEND = OptionalTensorboardVisBackend.__name__


@HOOKS.register_module()
class ValSampleGridHook(Hook):
    """Writes ``work_dir/val_samples/iter_XXXXXXXX.png`` after each validation: one row per val
    input, one column per test visual, then up to ``max_samples`` of each multi-sample output
    (BicycleGAN's N samples per input); ``val_samples/columns.json`` lists the columns' labels.

    The val loader is not shuffled and :class:`~i2itools.engine.loops.ValidationLoop` draws
    the same latent codes at every validation, so every grid shows the same inputs with the
    same z: what changes from grid to grid is the nets. The images are what validation made
    anyway (no extra forward pass), with the EMA weights when :class:`NetEMAHook` is on; the
    grid also goes to TensorBoard (when on) as ``val_samples``.

    Args:
        max_rows: how many val inputs the grid shows.
        keys: names of the outputs for the columns; defaults to the model's ``test_visuals``
            and its test branches' multi-sample outputs.
        max_samples: at most this many columns of each multi-sample output.
    """

    priority = 'LOW'

    def __init__(self, max_rows=4, keys=None, max_samples=4):
        self.max_rows = max_rows
        self.keys = keys
        self.max_samples = max_samples
        self._rows = []

    def before_val_epoch(self, runner):
        self._rows = []

    def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        for sample in outputs or []:
            if len(self._rows) < self.max_rows:
                self._rows.append(self._row(runner, sample))

    @master_only
    def after_val_epoch(self, runner, metrics=None):
        if not any(images for _, images in self._rows):
            return
        grid = grid_of_rows([images for _, images in self._rows])
        folder = osp.join(runner.work_dir, VAL_SAMPLES_DIR)
        atomic_save_image(grid, osp.join(folder, f'iter_{runner.iter:08d}.png'))
        atomic_write_json(self._rows[0][0], osp.join(folder, COLUMNS_FILE))
        # to TensorBoard only: the local backend would store a second copy of the grid
        tensorboard = runner.visualizer.get_backend(TENSORBOARD_BACKEND)
        if tensorboard is not None:
            tensorboard.add_image(VAL_SAMPLES_DIR, grid, step=runner.iter)

    def _row(self, runner, sample):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        keys = self.keys or [*model.test_visuals,
                             *(k for b in model.test_branches.values() for k in b.provides)]
        labels, images = [], []
        for key in dict.fromkeys(keys):
            value = sample.get(key)
            dims = getattr(value, 'dim', lambda: 0)()
            if dims == 3:  # an image; latent codes and paths are left out
                labels.append(visual_label(key))
                images.append(tensor_to_uint8(value))
            elif dims == 4:
                shown = value[:self.max_samples]
                labels.extend(f'{visual_label(key)} {k + 1}' for k in range(len(shown)))
                images.extend(tensor_to_uint8(image) for image in shown)
        return labels, images
