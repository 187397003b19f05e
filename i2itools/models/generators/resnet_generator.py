"""The ResNet generator of CycleGAN: down-sample, residual blocks, up-sample."""
from torch import nn

from i2itools.registry import MODELS

from ..common import build_norm, conv_bias
from ..layers import (DOWNSAMPLINGS, UPSAMPLINGS, BlurDownsample, BlurUpsample,
                      check_resampling)

_PADDINGS = {'reflect': nn.ReflectionPad2d, 'replicate': nn.ReplicationPad2d, 'zero': None}


class ResnetBlock(nn.Module):
    """Two 3x3 convs with a skip connection: ``x + conv_block(x)``.

    Args:
        channels (int): input and output channels.
        padding_type (str): 'reflect', 'replicate' (a padding layer before each conv) or 'zero'
            (the convs pad themselves).
        norm (str): 'batch', 'instance' or 'none'.
        use_dropout (bool): Dropout(0.5) between the two convs.
    """

    def __init__(self, channels, padding_type='reflect', norm='batch', use_dropout=False):
        super().__init__()
        if padding_type not in _PADDINGS:
            raise ValueError(f"Unknown padding_type '{padding_type}'; expected one of "
                             f"{', '.join(_PADDINGS)}.")
        bias = conv_bias(norm)
        layers = self._padded_conv(channels, padding_type, bias)
        layers += [build_norm(norm, channels), nn.ReLU(True)]
        if use_dropout:
            layers.append(nn.Dropout(0.5))
        layers += self._padded_conv(channels, padding_type, bias)
        layers.append(build_norm(norm, channels))
        self.conv_block = nn.Sequential(*layers)

    @staticmethod
    def _padded_conv(channels, padding_type, bias):
        pad = _PADDINGS[padding_type]
        if pad is None:
            return [nn.Conv2d(channels, channels, 3, padding=1, bias=bias)]
        return [pad(1), nn.Conv2d(channels, channels, 3, padding=0, bias=bias)]

    def forward(self, x):
        return x + self.conv_block(x)


@MODELS.register_module()
class ResnetGenerator(nn.Module):
    """ResNet generator of pytorch-CycleGAN-and-pix2pix (``resnet_6blocks``, ``resnet_9blocks``),
    and of CUT with anti-aliased down- and up-sampling.

    Its ``model`` Sequential has the reference's layout, so reference checkpoints load as they are
    (CUT's too: its anti-aliasing layers keep their blur kernels as ``filt`` buffers). Input sizes
    divisible by 4 give an output of the input's size. Its layers, in order, are the layer list
    that :func:`~i2itools.models.common.layer_features` reads features from (CUT's NCE layers).

    Args:
        in_channels (int): channels of the input image.
        out_channels (int): channels of the output image.
        base_channels (int): channels after the first conv (the reference's ngf); the residual
            blocks work at 4 times this.
        norm (str): 'batch', 'instance' or 'none'.
        use_dropout (bool): Dropout(0.5) inside each residual block.
        num_blocks (int): number of residual blocks.
        padding_type (str): padding of the residual blocks' convs: 'reflect', 'replicate' or 'zero'.
        downsampling (str): 'strided' (stride-2 convs, CycleGAN) or 'antialiased' (stride-1 convs,
            each followed by a :class:`BlurDownsample`: CUT's default; its ``--no_antialias``
            is 'strided').
        upsampling (str): 'transposed' (stride-2 transposed convs, CycleGAN) or 'antialiased'
            (a :class:`BlurUpsample` before each stride-1 conv: CUT's default; its
            ``--no_antialias_up`` is 'transposed').
    """

    def __init__(self, in_channels=3, out_channels=3, base_channels=64, norm='batch',
                 use_dropout=False, num_blocks=9, padding_type='reflect', downsampling='strided',
                 upsampling='transposed'):
        super().__init__()
        if num_blocks < 0:
            raise ValueError(f'num_blocks must be >= 0, got {num_blocks}.')
        check_resampling(downsampling, DOWNSAMPLINGS, 'downsampling', 'ResnetGenerator')
        check_resampling(upsampling, UPSAMPLINGS, 'upsampling', 'ResnetGenerator')
        bias = conv_bias(norm)
        layers = [nn.ReflectionPad2d(3),
                  nn.Conv2d(in_channels, base_channels, 7, padding=0, bias=bias),
                  build_norm(norm, base_channels), nn.ReLU(True)]
        channels = base_channels
        for _ in range(2):
            layers += _halving(channels, norm, bias, downsampling)
            channels *= 2
        layers += [ResnetBlock(channels, padding_type, norm, use_dropout)
                   for _ in range(num_blocks)]
        for _ in range(2):
            layers += _doubling(channels, norm, bias, upsampling)
            channels //= 2
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(channels, out_channels, 7, padding=0),
                   nn.Tanh()]
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


def _halving(channels, norm, bias, downsampling):
    """Layers that halve the size and double the channels."""
    if downsampling == 'strided':
        return [nn.Conv2d(channels, channels * 2, 3, stride=2, padding=1, bias=bias),
                build_norm(norm, channels * 2), nn.ReLU(True)]
    return [nn.Conv2d(channels, channels * 2, 3, stride=1, padding=1, bias=bias),
            build_norm(norm, channels * 2), nn.ReLU(True), BlurDownsample(channels * 2)]


def _doubling(channels, norm, bias, upsampling):
    """Layers that double the size and halve the channels."""
    if upsampling == 'transposed':
        return [nn.ConvTranspose2d(channels, channels // 2, 3, stride=2, padding=1,
                                   output_padding=1, bias=bias),
                build_norm(norm, channels // 2), nn.ReLU(True)]
    return [BlurUpsample(channels),
            nn.Conv2d(channels, channels // 2, 3, stride=1, padding=1, bias=bias),
            build_norm(norm, channels // 2), nn.ReLU(True)]
