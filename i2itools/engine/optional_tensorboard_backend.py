"""A TensorBoard visualizer backend that, when tensorboard is not installed, says so and does
nothing, so that the default config can log to TensorBoard without requiring it."""
from mmengine.logging import print_log
from mmengine.registry import VISBACKENDS
from mmengine.visualization import TensorboardVisBackend

#: what a user without tensorboard is told, once per run
MISSING_MESSAGE = ('TensorBoard logging is off: tensorboard is not installed '
                   '(pip install -e .[tensorboard])')


@VISBACKENDS.register_module()
class OptionalTensorboardVisBackend(TensorboardVisBackend):
    """mmengine's ``TensorboardVisBackend`` (losses, learning rates, metrics, images into
    ``<log dir>/vis_data/``), or, without the ``tensorboard`` package, one line saying how to
    get it and no logging. Registered in mmengine's registry: i2itools has no visualizer one."""

    def _init_env(self):
        try:
            super()._init_env()
        except ImportError:
            print_log(MISSING_MESSAGE, logger='current')
            self._tensorboard = _NoWriter()


class _NoWriter:
    """Takes every SummaryWriter call and does nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None
