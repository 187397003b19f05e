"""The PatchGAN discriminator of pix2pix: a stack of 4x4 convs that scores overlapping patches."""
from torch import nn

from i2itools.registry import MODELS

from ..common import build_norm, conv_bias
from ..layers import DOWNSAMPLINGS, BlurDownsample, check_resampling


@MODELS.register_module()
class NLayerDiscriminator(nn.Module):
    """PatchGAN discriminator of pytorch-CycleGAN-and-pix2pix (``basic`` = 3 layers, ``n_layers``),
    and of CUT with anti-aliased down-sampling.

    Returns one logit per patch (a 70x70 receptive field with 3 layers). Its ``model`` Sequential
    has the reference's layout, so reference checkpoints load as they are.

    Args:
        in_channels (int): channels of its input (A and B channels together when conditional).
        base_channels (int): channels of the first conv (the reference's ndf); each further
            layer doubles them, up to 8 times this.
        num_layers (int): number of stride-2 convs.
        norm (str): 'batch', 'instance' or 'none'.
        downsampling (str): 'strided' (stride-2 convs) or 'antialiased' (stride-1 convs, each
            followed by a :class:`BlurDownsample` after its activation: CUT's default; its
            ``--no_antialias`` is 'strided').
    """

    def __init__(self, in_channels=3, base_channels=64, num_layers=3, norm='batch',
                 downsampling='strided'):
        super().__init__()
        if num_layers < 1:
            raise ValueError(f'num_layers must be >= 1, got {num_layers}.')
        check_resampling(downsampling, DOWNSAMPLINGS, 'downsampling', 'NLayerDiscriminator')
        bias = conv_bias(norm)
        # no norm after the first conv, so it keeps its bias
        layers = _halving(in_channels, base_channels, [], True, downsampling)
        channels = base_channels
        for n in range(1, num_layers + 1):
            out = base_channels * min(2 ** n, 8)
            if n < num_layers:
                layers += _halving(channels, out, [build_norm(norm, out)], bias, downsampling)
            else:  # the last keeps the size (stride 1) to widen the receptive field
                layers += [nn.Conv2d(channels, out, 4, stride=1, padding=1, bias=bias),
                           build_norm(norm, out), nn.LeakyReLU(0.2, True)]
            channels = out
        layers.append(nn.Conv2d(channels, 1, 4, stride=1, padding=1))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)


def _halving(in_channels, out_channels, norm_layers, bias, downsampling):
    """A 4x4 conv, its norm (if any) and activation, halving the size."""
    if downsampling == 'strided':
        return [nn.Conv2d(in_channels, out_channels, 4, stride=2, padding=1, bias=bias),
                *norm_layers, nn.LeakyReLU(0.2, True)]
    return [nn.Conv2d(in_channels, out_channels, 4, stride=1, padding=1, bias=bias),
            *norm_layers, nn.LeakyReLU(0.2, True), BlurDownsample(out_channels)]
