"""Anti-aliased up-sampling: a fixed binomial blur as a transposed convolution (CUT's ``Upsample``)."""
import torch.nn.functional as F
from torch import nn

from i2itools.registry import MODELS
from .binomial_filter import binomial_filter


@MODELS.register_module()
class BlurUpsample(nn.Module):
    """Double (``stride``) the size by a depthwise transposed convolution with a fixed binomial
    kernel, scaled by ``stride ** 2`` so that a constant image stays constant.

    The input is first padded by one pixel replicating its edge, and the result cropped back to
    ``stride`` times the input size. Followed by a stride-1 conv, this replaces a transposed conv
    without its checkerboard pattern. The kernel is the buffer ``filt`` (channels x 1 x k x k),
    under the reference's name, so reference state dicts load unchanged.

    Args:
        channels (int): channels of the input.
        kernel_size (int): side of the binomial kernel; the reference uses 4.
        stride (int): the up-sampling factor.
    """

    def __init__(self, channels, kernel_size=4, stride=2):
        super().__init__()
        self.kernel_size, self.stride = kernel_size, stride
        self.pad = nn.ReplicationPad2d(1)
        kernel = binomial_filter(kernel_size) * stride ** 2
        self.register_buffer('filt', kernel[None, None].repeat(channels, 1, 1, 1))

    def forward(self, x):
        padding = 1 + (self.kernel_size - 1) // 2
        out = F.conv_transpose2d(self.pad(x), self.filt, stride=self.stride, padding=padding,
                                 groups=x.shape[1])
        # drop the rows and columns the edge padding added (one more at the end for even kernels)
        trim = int(self.kernel_size % 2 == 0)
        height, width = out.shape[-2:]
        return out[:, :, 1:height - trim, 1:width - trim]
