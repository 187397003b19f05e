"""The convolutional encoder of BicycleGAN: stride-2 convs pooled to a latent code."""
from torch import nn

from i2itools.registry import MODELS

from ..common.bicycle_layers import (build_nonlinearity, check_nonlinearity, check_norm,
                                     optional_norm)
from ..common.depth_presets import resolve_depth
from .latent_head import flatten_pooled, linear_head

#: the reference's encoder names and their number of stride-2 convs
CONV_ENCODER_PRESETS = {'conv_128': 4, 'conv_256': 5}

#: channels grow with depth up to this multiple of base_channels
_MAX_MULT = 4


@MODELS.register_module()
class ConvEncoder(nn.Module):
    """Convolutional encoder of BicycleGAN (``E_NLayers``: ``conv_128``, ``conv_256``).

    ``num_layers`` 4x4 stride-2 convs (each but the first followed by the norm) and an 8x8 mean
    pool reduce a ``8 * 2 ** num_layers`` px image (128 px for 4 layers, 256 for 5) to one
    feature vector, which ``fc`` (and ``fcVar``) map to the latent code. Attribute names and
    layouts are the reference's, so reference ``latest_net_E.pth`` files load as they are.

    ``forward`` always returns a tuple ``(mu, logvar)``; ``logvar`` is None when ``vae_like`` is
    False (the reference then returns the code alone).

    Args:
        in_channels (int): channels of the input image.
        out_channels (int): width of the latent code (the reference's nz).
        base_channels (int): channels of the first conv (the reference's ndf); each further conv
            doubles them, up to 4 times this.
        num_layers (int | str): number of stride-2 convs, or 'conv_128' (4) or 'conv_256' (5).
        norm (str): 'batch', 'instance' or 'none' (no layer at all).
        nonlinearity (str): 'lrelu' (the reference always uses it), 'relu' or 'elu'.
        vae_like (bool): also predict a log-variance (``fcVar``) for a VAE-style encoder.
    """

    def __init__(self, in_channels=3, out_channels=8, base_channels=64, num_layers=5,
                 norm='instance', nonlinearity='lrelu', vae_like=True):
        super().__init__()
        num_layers = resolve_depth(num_layers, CONV_ENCODER_PRESETS, 'conv encoder',
                                   'num_layers', 1)
        check_norm(norm)
        check_nonlinearity(nonlinearity)
        self.num_layers = num_layers
        self.vae_like = vae_like
        layers = [nn.Conv2d(in_channels, base_channels, 4, stride=2, padding=1),
                  build_nonlinearity(nonlinearity)]
        channels = base_channels
        for n in range(1, num_layers):
            out = base_channels * min(2 ** n, _MAX_MULT)
            layers += [nn.Conv2d(channels, out, 4, stride=2, padding=1),
                       *optional_norm(norm, out), build_nonlinearity(nonlinearity)]
            channels = out
        layers.append(nn.AvgPool2d(8))
        self.conv = nn.Sequential(*layers)
        self.fc = linear_head(channels, out_channels)
        self.fcVar = linear_head(channels, out_channels) if vae_like else None

    def forward(self, x):
        """``(mu, logvar)`` of shape (N, out_channels) each; ``logvar`` is None unless vae_like."""
        flat = flatten_pooled(self.conv(x), type(self).__name__, 'num_layers', self.num_layers,
                              8 * 2 ** self.num_layers)
        return self.fc(flat), self.fcVar(flat) if self.vae_like else None
