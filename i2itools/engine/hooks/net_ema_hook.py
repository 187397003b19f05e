"""Keeps an exponential moving average (EMA) of chosen nets, used for validation and saved."""
import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from i2itools.registry import HOOKS

#: where the averaged weights go in a checkpoint, keyed as the model's ``state_dict``
EMA_CHECKPOINT_KEY = 'ema_state_dict'


@HOOKS.register_module()
class NetEMAHook(Hook):
    """After every update: ``ema = momentum * ema + (1 - momentum) * weights`` for each named net.

    Up to iteration ``start_iter`` the average equals the weights, so that it need not
    average in the first, random ones. Buffers (batch-norm running statistics) are copied, not averaged.
    Every checkpoint holds the raw nets under ``state_dict`` and the averages under
    ``ema_state_dict`` (same keys); resuming restores them, so a resumed run matches an
    uninterrupted one exactly. Validation and ``runner.test()`` run with the averages in the
    nets, the raw weights put back afterwards. ``tools/test.py`` and ``tools/translate.py`` use
    the averages unless given ``--no-ema``.

    Args:
        nets: names of the nets to average, e.g. ``('G',)`` or ``('G_A', 'G_B')``.
        momentum: the weight of the old average; 0.999 averages over about 1000 iterations.
        start_iter: the last iteration whose weights are copied; averaging starts after it.
    """

    priority = 'ABOVE_NORMAL'  # after the optimizer step, before checkpoints are written

    def __init__(self, nets=('G',), momentum=0.999, start_iter=0):
        if not 0 <= momentum < 1:
            raise ValueError(f'NetEMAHook: momentum must be in [0, 1), got {momentum}; '
                             '0.999 keeps 99.9% of the average per iteration')
        self.nets = tuple(nets)
        self.momentum = momentum
        self.start_iter = start_iter
        self._averages = None  # name -> {key: tensor}
        self._loaded = None
        self._raw = None

    def before_run(self, runner):
        model = _unwrapped(runner.model)
        unknown = [name for name in self.nets if name not in model.net_names]
        if unknown:
            raise KeyError(f'NetEMAHook: no net {unknown} in the model, which has '
                           f'{list(model.net_names)}; set nets= to names from model.nets')

    def after_load_checkpoint(self, runner, checkpoint):
        self._loaded = checkpoint.get(EMA_CHECKPOINT_KEY)

    def before_train(self, runner):
        self._init_averages(runner)

    def _init_averages(self, runner):
        """The averages start as the nets' weights, or as the loaded checkpoint's averages."""
        states = {name: _net(runner, name).state_dict() for name in self.nets}
        self._averages = {name: {key: value.detach().clone() for key, value in state.items()}
                          for name, state in states.items()}
        if self._loaded is not None:
            self._copy_into_averages(self._loaded)
            self._loaded = None

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        averaging = runner.iter + 1 > self.start_iter
        with torch.no_grad():
            for name in self.nets:
                net = _net(runner, name)
                averages = self._averages[name]
                params = dict(net.named_parameters())
                for key, value in net.state_dict().items():
                    if averaging and key in params and value.is_floating_point():
                        averages[key].lerp_(value, 1 - self.momentum)
                    else:
                        averages[key].copy_(value)

    def before_save_checkpoint(self, runner, checkpoint):
        if self._averages is not None:
            checkpoint[EMA_CHECKPOINT_KEY] = {f'{name}.{key}': value.clone()
                                              for name, state in self._averages.items()
                                              for key, value in state.items()}

    def before_val_epoch(self, runner):
        self._swap_in(runner)

    def after_val_epoch(self, runner, metrics=None):
        self._swap_out(runner)

    def before_test_epoch(self, runner):
        self._swap_in(runner)

    def after_test_epoch(self, runner, metrics=None):
        self._swap_out(runner)

    def _swap_in(self, runner):
        if self._averages is None:  # a test run: the checkpoint's averages, if it has them
            if self._loaded is None:
                return
            self._init_averages(runner)
        self._raw = {name: {k: v.clone() for k, v in _net(runner, name).state_dict().items()}
                     for name in self.nets}
        self._load_nets(runner, self._averages)

    def _swap_out(self, runner):
        if self._raw is not None:
            self._load_nets(runner, self._raw)
            self._raw = None

    def _load_nets(self, runner, states):
        with torch.no_grad():
            for name, state in states.items():
                for key, value in _net(runner, name).state_dict().items():
                    value.copy_(state[key])

    def _copy_into_averages(self, flat):
        missing = [f'{name}.{key}' for name, state in self._averages.items() for key in state
                   if f'{name}.{key}' not in flat]
        if missing:
            raise KeyError(f'the checkpoint\'s {EMA_CHECKPOINT_KEY} lacks {missing[:3]}: it '
                           f'averaged other nets than NetEMAHook(nets={self.nets}); set nets= '
                           'as in the run that wrote it')
        for name, state in self._averages.items():
            for key, value in state.items():
                value.copy_(flat[f'{name}.{key}'])


def _unwrapped(module):
    return module.module if is_model_wrapper(module) else module


def _net(runner, name):
    return _unwrapped(getattr(_unwrapped(runner.model), name))
