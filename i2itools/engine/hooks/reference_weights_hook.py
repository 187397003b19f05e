"""Keeps ``latest_net_<name>.pth`` files beside the checkpoints, as the reference repos write."""
import os.path as osp

from mmengine.dist import master_only
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from i2itools.registry import HOOKS
from i2itools.utils.atomic_write import atomic_torch_save


@HOOKS.register_module()
class ReferenceWeightsHook(Hook):
    """Every ``interval`` iterations and at the end, save each net's state dict alone.

    Args:
        interval: save period in iterations.
        nets: names of the nets to save; default all of them.

    The files hold the nets' weights with the reference's own state-dict keys, so the reference
    ``test.py`` (and ``tools/test.py`` of i2itools) can load them directly.
    """

    priority = 'LOW'

    def __init__(self, interval=5000, nets=None):
        self.interval = interval
        self.nets = nets

    @master_only
    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if self.every_n_train_iters(runner, self.interval) or self.is_last_train_iter(runner):
            self.save(runner)

    def save(self, runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        for name in self.nets or model.net_names:
            net = getattr(model, name)
            net = net.module if is_model_wrapper(net) else net
            state = {k: v.detach().cpu() for k, v in net.state_dict().items()}
            atomic_torch_save(state, osp.join(runner.work_dir, f'latest_net_{name}.pth'))
