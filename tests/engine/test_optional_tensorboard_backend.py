"""Without the tensorboard package the TensorBoard backend says how to get it, once, and logs
nothing, instead of failing the run."""
import sys

import numpy as np

from i2itools.engine import optional_tensorboard_backend
from i2itools.engine.optional_tensorboard_backend import OptionalTensorboardVisBackend


def test_missing_tensorboard_gives_one_install_hint_and_no_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, 'torch.utils.tensorboard', None)  # import fails
    messages = []
    monkeypatch.setattr(optional_tensorboard_backend, 'print_log',
                        lambda message, **kwargs: messages.append(message))
    backend = OptionalTensorboardVisBackend(save_dir=str(tmp_path))
    backend.add_scalars({'loss_L1': 1.0}, step=1)
    backend.add_scalar('PSNR', 20.0, step=2)
    backend.add_image('val_samples', np.zeros((4, 4, 3), np.uint8), step=2)
    backend.close()
    assert messages == ['TensorBoard logging is off: tensorboard is not installed '
                        '(pip install -e .[tensorboard])']
