"""Optimizer wrapper whose context runs the forward pass in bfloat16 autocast, on CPU or GPU."""
from contextlib import contextmanager

import torch
from mmengine.optim import OptimWrapper

from i2itools.registry import OPTIM_WRAPPERS


def autocast_device():
    """'cuda' when a GPU is in use, else 'cpu' (both autocast to bfloat16)."""
    return 'cuda' if torch.cuda.is_available() else 'cpu'


@OPTIM_WRAPPERS.register_module()
class MixedPrecisionOptimWrapper(OptimWrapper):
    """:class:`OptimWrapper` with bfloat16 autocast in :meth:`optim_context`.

    Args:
        dtype: autocast type; only 'bfloat16' is offered: it keeps float32's range, so GAN losses
            need no loss scaling (mmengine's ``AmpOptimWrapper`` needs a GPU and float16 scaling).
        **kwargs: arguments of :class:`OptimWrapper`.

    Weights, gradients and optimizer state stay float32; losses are computed in float32.
    """

    def __init__(self, dtype='bfloat16', **kwargs):
        if dtype not in ('bfloat16', torch.bfloat16):
            raise ValueError(f"MixedPrecisionOptimWrapper supports dtype='bfloat16' only, got {dtype!r}")
        super().__init__(**kwargs)
        self.cast_dtype = torch.bfloat16

    @contextmanager
    def optim_context(self, model):
        with super().optim_context(model), torch.autocast(autocast_device(), dtype=self.cast_dtype):
            yield
