"""The ResNet encoder of BicycleGAN: residual blocks that halve the size, pooled to a code."""
from torch import nn

from i2itools.registry import MODELS

from ..common.bicycle_layers import build_nonlinearity, check_nonlinearity, optional_norm
from ..common.depth_presets import resolve_depth
from .latent_head import flatten_pooled, linear_head

#: the reference's encoder names and their number of blocks (one plain conv and n - 1 residual)
RESNET_ENCODER_PRESETS = {'resnet_128': 4, 'resnet_256': 5}

#: channels grow with depth up to this multiple of base_channels
_MAX_MULT = 4


class ResidualDownBlock(nn.Module):
    """The reference's ``BasicBlock``: ``conv(x) + shortcut(x)``, halving the size.

    ``conv`` is [norm], act, 3x3 conv, [norm], act, (3x3 conv to ``out_channels``, 2x2 mean
    pool); ``shortcut`` is (2x2 mean pool, 1x1 conv). Norm 'none' adds no layer, as the
    reference; then the first in-place activation rewrites x before the shortcut reads it, which
    is kept so reference weights give reference outputs.

    Args:
        in_channels (int): channels of its input.
        out_channels (int): channels of its output.
        norm (str): 'batch', 'instance' or 'none'.
        nonlinearity (str): 'relu', 'lrelu' or 'elu'.
    """

    def __init__(self, in_channels, out_channels, norm='instance', nonlinearity='lrelu'):
        super().__init__()
        self.conv = nn.Sequential(
            *optional_norm(norm, in_channels), build_nonlinearity(nonlinearity),
            nn.Conv2d(in_channels, in_channels, 3, stride=1, padding=1),
            *optional_norm(norm, in_channels), build_nonlinearity(nonlinearity),
            nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, stride=1, padding=1),
                          nn.AvgPool2d(2, stride=2)))
        self.shortcut = nn.Sequential(nn.AvgPool2d(2, stride=2),
                                      nn.Conv2d(in_channels, out_channels, 1, stride=1, padding=0))

    def forward(self, x):
        return self.conv(x) + self.shortcut(x)


@MODELS.register_module()
class ResnetEncoder(nn.Module):
    """ResNet encoder of BicycleGAN (``E_ResNet``: ``resnet_128``, ``resnet_256``).

    A 4x4 stride-2 conv, ``num_blocks - 1`` :class:`ResidualDownBlock`, an activation and an
    8x8 mean pool reduce a ``8 * 2 ** num_blocks`` px image (128 px for 4 blocks, 256 for 5) to
    one feature vector, which ``fc`` (and ``fcVar``) map to the latent code. Attribute names and
    order are the reference's, so reference ``latest_net_E.pth`` files load as they are.

    ``forward`` always returns a tuple ``(mu, logvar)``; ``logvar`` is None when ``vae_like`` is
    False (the reference then returns the code alone).

    Args:
        in_channels (int): channels of the input image.
        out_channels (int): width of the latent code (the reference's nz).
        base_channels (int): channels of the first conv (the reference's ndf); each block adds
            this many, up to 4 times it.
        num_blocks (int | str): the first conv plus the residual blocks (at least 2), or
            'resnet_128' (4) or 'resnet_256' (5).
        norm (str): 'batch', 'instance' or 'none' (no layer at all).
        nonlinearity (str): 'lrelu' (the reference always uses it), 'relu' or 'elu'.
        vae_like (bool): also predict a log-variance (``fcVar``) for a VAE-style encoder.
    """

    def __init__(self, in_channels=3, out_channels=8, base_channels=64, num_blocks=5,
                 norm='instance', nonlinearity='lrelu', vae_like=True):
        super().__init__()
        # at least a conv and a residual block
        num_blocks = resolve_depth(num_blocks, RESNET_ENCODER_PRESETS, 'ResNet encoder',
                                   'num_blocks', 2)
        check_nonlinearity(nonlinearity)
        self.num_blocks = num_blocks
        self.vae_like = vae_like
        features = base_channels * min(_MAX_MULT, num_blocks)
        # fc and fcVar come before conv so the state-dict keys come in the reference's order
        self.fc = linear_head(features, out_channels)
        self.fcVar = linear_head(features, out_channels) if vae_like else None
        layers = [nn.Conv2d(in_channels, base_channels, 4, stride=2, padding=1)]
        for n in range(1, num_blocks):
            layers.append(ResidualDownBlock(base_channels * min(_MAX_MULT, n),
                                            base_channels * min(_MAX_MULT, n + 1),
                                            norm, nonlinearity))
        layers += [build_nonlinearity(nonlinearity), nn.AvgPool2d(8)]
        self.conv = nn.Sequential(*layers)

    def forward(self, x):
        """``(mu, logvar)`` of shape (N, out_channels) each; ``logvar`` is None unless vae_like."""
        flat = flatten_pooled(self.conv(x), type(self).__name__, 'num_blocks', self.num_blocks,
                              8 * 2 ** self.num_blocks)
        return self.fc(flat), self.fcVar(flat) if self.vae_like else None
