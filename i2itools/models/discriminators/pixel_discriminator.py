"""The 1x1 PixelGAN discriminator: scores every pixel on its own colour, no spatial context."""
from torch import nn

from i2itools.registry import MODELS

from ..common import build_norm, conv_bias


@MODELS.register_module()
class PixelDiscriminator(nn.Module):
    """PixelGAN discriminator of pytorch-CycleGAN-and-pix2pix (``pixel``).

    Returns one logit per pixel. Its ``net`` Sequential has the reference's layout, so reference
    checkpoints load as they are.

    Args:
        in_channels (int): channels of its input (A and B channels together when conditional).
        base_channels (int): channels of the first 1x1 conv (the reference's ndf).
        norm (str): 'batch', 'instance' or 'none'.
    """

    def __init__(self, in_channels=3, base_channels=64, norm='batch'):
        super().__init__()
        bias = conv_bias(norm)
        # the reference applies the bias rule to the output conv too, though no norm follows it
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, base_channels, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(base_channels, base_channels * 2, 1, bias=bias),
            build_norm(norm, base_channels * 2), nn.LeakyReLU(0.2, True),
            nn.Conv2d(base_channels * 2, 1, 1, bias=bias))

    def forward(self, x):
        return self.net(x)
