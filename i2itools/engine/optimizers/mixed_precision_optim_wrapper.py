"""Optimizer wrapper for mixed precision on CPU or GPU: bfloat16, or float16 with loss scaling."""
from contextlib import contextmanager

import torch
from mmengine.optim import OptimWrapper

from i2itools.registry import OPTIM_WRAPPERS

DTYPES = {'bfloat16': torch.bfloat16, 'float16': torch.float16}


def autocast_device():
    """'cuda' when a GPU is in use, else 'cpu' (both autocast to bfloat16 and float16)."""
    return 'cuda' if torch.cuda.is_available() else 'cpu'


@OPTIM_WRAPPERS.register_module()
class MixedPrecisionOptimWrapper(OptimWrapper):
    """:class:`OptimWrapper` whose context runs the forward pass in autocast.

    Args:
        dtype: 'bfloat16' (float32's range: GAN losses need no loss scaling; ``--amp``) or
            'float16' (a dynamic loss scale keeps small gradients from flushing to zero).
        loss_scale: 'dynamic' (``torch.amp.GradScaler`` defaults), a float (a fixed scale),
            a dict (``GradScaler`` arguments) or None (no scaling). Default: 'dynamic' for
            float16, None for bfloat16.
        **kwargs: arguments of :class:`OptimWrapper` (``accumulative_counts``, ``clip_grad``).

    Weights, gradients and optimizer state stay float32; losses are computed in float32. Unlike
    mmengine's ``AmpOptimWrapper`` this works on a CPU too. With scaling, a step whose gradients
    hold inf or NaN is skipped and the scale lowered, as ``GradScaler`` does; the scaler's state
    is saved in checkpoints.
    """

    def __init__(self, dtype='bfloat16', loss_scale='default', **kwargs):
        if dtype not in DTYPES and dtype not in DTYPES.values():
            raise ValueError(f"MixedPrecisionOptimWrapper: dtype must be 'bfloat16' or 'float16', "
                             f'got {dtype!r}')
        super().__init__(**kwargs)
        self.cast_dtype = DTYPES.get(dtype, dtype)
        if loss_scale == 'default':
            loss_scale = 'dynamic' if self.cast_dtype == torch.float16 else None
        self.loss_scaler = _grad_scaler(loss_scale)
        self._fixed_scale = loss_scale if isinstance(loss_scale, float) else None

    @contextmanager
    def optim_context(self, model):
        with super().optim_context(model), torch.autocast(autocast_device(), dtype=self.cast_dtype):
            yield

    def backward(self, loss, **kwargs):
        if self.loss_scaler is not None:
            loss = self.loss_scaler.scale(loss)
        loss.backward(**kwargs)
        self._inner_count += 1

    def step(self, **kwargs):
        if self.loss_scaler is None:
            super().step(**kwargs)
            return
        if self.clip_grad_kwargs:
            self.loss_scaler.unscale_(self.optimizer)
            self._clip_grad()
        self.loss_scaler.step(self.optimizer, **kwargs)
        self.loss_scaler.update(self._fixed_scale)

    def state_dict(self):
        state = super().state_dict()
        if self.loss_scaler is not None:
            state['loss_scaler'] = self.loss_scaler.state_dict()
        return state

    def load_state_dict(self, state_dict):
        state_dict = dict(state_dict)
        scaler_state = state_dict.pop('loss_scaler', None)
        if scaler_state is not None and self.loss_scaler is not None:
            self.loss_scaler.load_state_dict(scaler_state)
        super().load_state_dict(state_dict)


def _grad_scaler(loss_scale):
    if loss_scale is None:
        return None
    if loss_scale == 'dynamic':
        return torch.amp.GradScaler(autocast_device())
    if isinstance(loss_scale, float):
        return torch.amp.GradScaler(autocast_device(), init_scale=loss_scale)
    if isinstance(loss_scale, dict):
        return torch.amp.GradScaler(autocast_device(), **loss_scale)
    raise TypeError(f"loss_scale must be 'dynamic', a float, a dict of GradScaler arguments or "
                    f'None, got {loss_scale!r}')
