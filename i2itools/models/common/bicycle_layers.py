"""Layer factories of the BicycleGAN networks (z-conditioned U-Nets, encoders, multi-scale D).

They differ from the pix2pix ones in :mod:`.norm` in two ways that reference checkpoints depend on:
norm 'none' adds *no* layer (so the indices of a Sequential shift, where pix2pix keeps an
Identity), and every conv and linear layer keeps its bias.
"""
import torch
from torch import nn

from .norm import NORMS, build_norm

#: the non-linearities a BicycleGAN network accepts, all in place as in the reference
NONLINEARITIES = {
    'relu': lambda: nn.ReLU(inplace=True),
    'lrelu': lambda: nn.LeakyReLU(0.2, inplace=True),
    'elu': lambda: nn.ELU(inplace=True),
}

#: the ways a z-conditioned U-Net can double the size on its way up
UPSAMPLES = ('basic', 'bilinear')


def check_norm(norm):
    """Raise a ValueError naming the valid norms unless ``norm`` is one of them."""
    if norm not in NORMS:
        raise ValueError(f"Unknown norm '{norm}'; expected one of {', '.join(NORMS)}.")


def check_nonlinearity(nonlinearity):
    """Raise a ValueError naming the valid non-linearities unless ``nonlinearity`` is one."""
    if nonlinearity not in NONLINEARITIES:
        raise ValueError(f"Unknown nonlinearity '{nonlinearity}'; expected one of "
                         f"{', '.join(NONLINEARITIES)}.")


def check_upsample(upsample):
    """Raise a ValueError naming the valid up-sampling modes unless ``upsample`` is one."""
    if upsample not in UPSAMPLES:
        raise ValueError(f"Unknown upsample '{upsample}'; expected one of {', '.join(UPSAMPLES)}.")


def check_unet_tree(injection, num_downs, min_num_downs, nonlinearity, upsample):
    """Validate the arguments an injection part builds its U-Net tree from."""
    check_nonlinearity(nonlinearity)
    check_upsample(upsample)
    if num_downs < min_num_downs:
        raise ValueError(f'{injection} needs num_downs >= {min_num_downs}, got {num_downs}.')


def optional_norm(norm, num_features):
    """The norm layer for ``num_features`` channels as a list: empty for 'none'.

    Args:
        norm (str): 'batch', 'instance' (as :func:`build_norm`) or 'none' (no layer at all).
        num_features (int): number of channels to normalise.
    """
    check_norm(norm)
    return [] if norm == 'none' else [build_norm(norm, num_features)]


def build_nonlinearity(nonlinearity):
    """A fresh in-place activation: 'relu', 'lrelu' (slope 0.2) or 'elu'."""
    check_nonlinearity(nonlinearity)
    return NONLINEARITIES[nonlinearity]()


def upsample_layers(in_channels, out_channels, upsample):
    """The layers that double the size and map ``in_channels`` to ``out_channels``, as a list.

    Args:
        in_channels (int): channels of the input.
        out_channels (int): channels of the output.
        upsample (str): 'basic' (a 4x4 stride-2 transposed conv) or 'bilinear' (bilinear
            up-sampling, reflection padding and a 3x3 conv, which avoids checkerboard artefacts).
    """
    check_upsample(upsample)
    if upsample == 'basic':
        return [nn.ConvTranspose2d(in_channels, out_channels, 4, stride=2, padding=1)]
    return [nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False),
            nn.ReflectionPad2d(1),
            nn.Conv2d(in_channels, out_channels, 3, stride=1, padding=0)]


def concat_z(x, z):
    """``x`` with ``z`` of shape (N, nz) tiled over its height and width appended as channels."""
    n, nz = z.shape
    z_map = z.view(n, nz, 1, 1).expand(n, nz, x.shape[2], x.shape[3])
    return torch.cat([x, z_map], 1)
