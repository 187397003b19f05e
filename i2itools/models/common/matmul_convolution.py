"""Convolutions whose small outputs are computed as one matrix product (the fast path on a CPU).

oneDNN, torch's CPU convolution library, copies a layer's weights into its blocked layout at
every call, forward and backward. In the inner layers of a U-Net at batch size 1 or 2 (outputs
of 8×8 pixels or fewer, weights of a million elements) that copy costs more than the
arithmetic. Written as unfold + matmul (convolution) or matmul + fold (transposed convolution),
the same sums are done from the weights as they are stored: 1.5-2.6× faster per layer on the
AVX512-BF16 CPU measured (docs/performance.md), equal up to float rounding.
"""
import torch.nn.functional as F
from torch import nn

#: outputs of at most this many pixels per image take the matrix-product route by default
MAX_PIXELS = 64


def matmul_conv2d(x, weight, bias, stride, padding, dilation):
    """``F.conv2d`` (groups 1, zero padding) as unfold + matmul."""
    n, out_channels, (kh, kw) = len(x), len(weight), weight.shape[2:]
    out_h, out_w = conv_output_size(x.shape[2:], (kh, kw), stride, padding, dilation)
    columns = F.unfold(x, (kh, kw), dilation=dilation, padding=padding, stride=stride)
    y = weight.reshape(out_channels, -1) @ columns
    if bias is not None:
        y = y + bias.to(y.dtype)[:, None]
    return y.reshape(n, out_channels, out_h, out_w)


def matmul_conv_transpose2d(x, weight, bias, stride, padding, output_padding, dilation):
    """``F.conv_transpose2d`` (groups 1) as matmul + fold; the overlapping contributions are
    summed in float32, as a convolution library accumulates."""
    n, in_channels, height, width = x.shape
    kh, kw = weight.shape[2:]
    out_size = transposed_output_size((height, width), (kh, kw), stride, padding,
                                      output_padding, dilation)
    # (pixels × in) @ (in × out·k·k), transposed after: the weights are read as stored, and
    # only the small result is transposed
    columns = (x.reshape(n, in_channels, height * width).transpose(1, 2)
               @ weight.reshape(in_channels, -1)).transpose(1, 2)
    y = F.fold(columns.float(), out_size, (kh, kw), dilation=dilation, padding=padding,
               stride=stride)
    if bias is not None:
        y = y + bias.float()[:, None, None]
    return y.to(columns.dtype)


class MatmulConv2d(nn.Conv2d):
    """``nn.Conv2d`` that computes outputs of at most ``max_pixels`` pixels per image as one
    matrix product; larger outputs, groups and non-zero padding modes go to ``nn.Conv2d``."""

    max_pixels = MAX_PIXELS

    def _conv_forward(self, input, weight, bias):
        if (self.groups != 1 or self.padding_mode != 'zeros' or isinstance(self.padding, str)
                or input.dim() != 4 or _pixels(conv_output_size(
                    input.shape[2:], self.kernel_size, self.stride, self.padding,
                    self.dilation)) > self.max_pixels):
            return super()._conv_forward(input, weight, bias)
        return matmul_conv2d(input, weight, bias, self.stride, self.padding, self.dilation)


class MatmulConvTranspose2d(nn.ConvTranspose2d):
    """``nn.ConvTranspose2d`` that computes outputs of at most ``max_pixels`` pixels per image
    as a matrix product and a fold; the other cases go to ``nn.ConvTranspose2d``."""

    max_pixels = MAX_PIXELS

    def forward(self, input, output_size=None):
        if (output_size is not None or self.groups != 1 or input.dim() != 4
                or _pixels(transposed_output_size(
                    input.shape[2:], self.kernel_size, self.stride, self.padding,
                    self.output_padding, self.dilation)) > self.max_pixels):
            return super().forward(input, output_size)
        return matmul_conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                       self.output_padding, self.dilation)


def use_matmul_for_small_outputs(net, max_pixels=MAX_PIXELS):
    """Make every ``nn.Conv2d`` / ``nn.ConvTranspose2d`` of ``net`` a :class:`MatmulConv2d` /
    :class:`MatmulConvTranspose2d` in place; return how many layers changed.

    Only the class of each layer changes: its parameters (the same objects, so optimizers
    built before keep working), buffers, hooks and state-dict keys stay as they were.
    """
    swaps = {nn.Conv2d: MatmulConv2d, nn.ConvTranspose2d: MatmulConvTranspose2d}
    changed = 0
    for module in net.modules():
        swapped = swaps.get(type(module))
        if swapped is not None:
            module.__class__ = swapped
            changed += 1
        if isinstance(module, (MatmulConv2d, MatmulConvTranspose2d)):
            module.max_pixels = max_pixels
    return changed


def conv_output_size(size, kernel, stride, padding, dilation):
    """(height, width) of a convolution's output for an input of ``size``."""
    return tuple((n + 2 * p - d * (k - 1) - 1) // s + 1
                 for n, k, s, p, d in zip(size, kernel, stride, padding, dilation))


def transposed_output_size(size, kernel, stride, padding, output_padding, dilation):
    """(height, width) of a transposed convolution's output for an input of ``size``."""
    return tuple((n - 1) * s - 2 * p + d * (k - 1) + o + 1
                 for n, k, s, p, o, d in zip(size, kernel, stride, padding, output_padding,
                                             dilation))


def _pixels(size):
    height, width = size
    return height * width
