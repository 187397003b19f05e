"""The PatchGAN discriminator of pix2pix: a stack of 4x4 convs that scores overlapping patches."""
from torch import nn

from i2itools.registry import MODELS

from ..common import build_norm, conv_bias


@MODELS.register_module()
class NLayerDiscriminator(nn.Module):
    """PatchGAN discriminator of pytorch-CycleGAN-and-pix2pix (``basic`` = 3 layers, ``n_layers``).

    Returns one logit per patch (a 70x70 receptive field with 3 layers). Its ``model`` Sequential
    has the reference's layout, so reference checkpoints load as they are.

    Args:
        in_channels (int): channels of its input (A and B channels together when conditional).
        base_channels (int): channels of the first conv (the reference's ndf); each further
            layer doubles them, up to 8 times this.
        num_layers (int): number of stride-2 convs.
        norm (str): 'batch', 'instance' or 'none'.
    """

    def __init__(self, in_channels=3, base_channels=64, num_layers=3, norm='batch'):
        super().__init__()
        if num_layers < 1:
            raise ValueError(f'num_layers must be >= 1, got {num_layers}.')
        bias = conv_bias(norm)
        # no norm after the first conv, so it keeps its bias
        layers = [nn.Conv2d(in_channels, base_channels, 4, stride=2, padding=1),
                  nn.LeakyReLU(0.2, True)]
        channels = base_channels
        for n in range(1, num_layers + 1):
            out = base_channels * min(2 ** n, 8)
            # the last of these keeps the size (stride 1) to widen the receptive field
            stride = 2 if n < num_layers else 1
            layers += [nn.Conv2d(channels, out, 4, stride=stride, padding=1, bias=bias),
                       build_norm(norm, out), nn.LeakyReLU(0.2, True)]
            channels = out
        layers.append(nn.Conv2d(channels, 1, 4, stride=1, padding=1))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        return self.model(x)
