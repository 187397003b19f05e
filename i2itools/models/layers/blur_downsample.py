"""Anti-aliased down-sampling: a fixed binomial blur applied with a stride (CUT's ``Downsample``)."""
import torch.nn.functional as F
from torch import nn

from i2itools.registry import MODELS
from .binomial_filter import binomial_filter

PADDINGS = {'reflect': nn.ReflectionPad2d, 'replicate': nn.ReplicationPad2d, 'zero': nn.ZeroPad2d}


@MODELS.register_module()
class BlurDownsample(nn.Module):
    """Pad, then convolve each channel with a fixed ``kernel_size`` binomial blur at ``stride``.

    Blurring before sub-sampling keeps high frequencies from aliasing, so a stride-1 conv
    followed by this layer replaces a stride-2 conv. The kernel is the buffer ``filt``
    (channels x 1 x k x k), under the reference's name, so reference state dicts load unchanged.

    Args:
        channels (int): channels of the input (the blur is depthwise).
        kernel_size (int): side of the binomial kernel; the reference uses 3.
        stride (int): the down-sampling factor.
        padding_mode (str): 'reflect' (the reference), 'replicate' or 'zero'; the input is padded
            by (k - 1) // 2 before and k // 2 after, so an even side H gives H / stride.
    """

    def __init__(self, channels, kernel_size=3, stride=2, padding_mode='reflect'):
        super().__init__()
        if padding_mode not in PADDINGS:
            raise ValueError(f"BlurDownsample: unknown padding_mode {padding_mode!r}; expected "
                             f"one of {', '.join(PADDINGS)}")
        self.kernel_size, self.stride = kernel_size, stride
        before, after = (kernel_size - 1) // 2, kernel_size // 2
        self.pad = PADDINGS[padding_mode]((before, after, before, after))
        kernel = binomial_filter(kernel_size)
        self.register_buffer('filt', kernel[None, None].repeat(channels, 1, 1, 1))

    def forward(self, x):
        return F.conv2d(self.pad(x), self.filt, stride=self.stride, groups=x.shape[1])
