"""z injection at the input only: z is tiled and appended to the image, then a plain U-Net runs.

This is the reference's ``G_Unet_add_input`` (BicycleGAN ``--where_add input``).
"""
import torch
from torch import nn

from i2itools.registry import MODELS

from ..common.bicycle_layers import (build_nonlinearity, check_unet_tree, concat_z,
                                     optional_norm, upsample_layers)


class InputInjectionBlock(nn.Module):
    """One U-Net level of the reference's ``UnetBlock``; the outermost one also appends z.

    Its ``model`` Sequential has the reference's layout (norm 'none' adds no layer), so reference
    checkpoints load as they are. An inner block returns ``cat([model(x), x])``: its output first,
    unlike the pix2pix U-Net.

    Args:
        in_channels (int): channels of its input (for the outermost block: image channels + nz).
        outer_channels (int): channels this block returns (before concatenation).
        inner_channels (int): channels after its down-sampling conv.
        submodule (nn.Module | None): the next inner block; None makes this the innermost block.
        outermost (bool): whether this is the outermost block (no skip, ends with Tanh).
        norm (str): 'batch', 'instance' or 'none'.
        nonlinearity (str): activation before each up-sampling: 'relu', 'lrelu' or 'elu'.
        use_dropout (bool): Dropout(0.5) after the up-sampling of a middle block.
        upsample (str): 'basic' or 'bilinear', see :func:`upsample_layers`.
        nz (int): width of z; only the outermost block uses it.
    """

    def __init__(self, in_channels, outer_channels, inner_channels, submodule=None,
                 outermost=False, norm='instance', nonlinearity='relu', use_dropout=False,
                 upsample='basic', nz=0):
        super().__init__()
        if outermost and submodule is None:
            raise ValueError('The outermost U-Net block needs a submodule.')
        self.outermost = outermost
        self.nz = nz if outermost else 0
        down_conv = nn.Conv2d(in_channels, inner_channels, 4, stride=2, padding=1)
        up_in = inner_channels if submodule is None else inner_channels * 2
        up = [build_nonlinearity(nonlinearity), *upsample_layers(up_in, outer_channels, upsample)]
        if outermost:
            layers = [down_conv, submodule, *up, nn.Tanh()]
        elif submodule is None:
            layers = [nn.LeakyReLU(0.2, True), down_conv, *up,
                      *optional_norm(norm, outer_channels)]
        else:
            layers = [nn.LeakyReLU(0.2, True), down_conv, *optional_norm(norm, inner_channels),
                      submodule, *up, *optional_norm(norm, outer_channels)]
            if use_dropout:
                layers.append(nn.Dropout(0.5))
        self.model = nn.Sequential(*layers)

    def forward(self, x, z=None):
        if self.outermost:
            return self.model(concat_z(x, z) if self.nz > 0 else x)
        # model(x) runs first and its in-place LeakyReLU rewrites x, so (as in the reference) the
        # skip carries LeakyReLU(x); with nonlinearity 'lrelu' or 'elu' the parent's activation
        # does not hide this, hence the in-place layers are kept
        return torch.cat([self.model(x), x], 1)


@MODELS.register_module()
class InputInjection:
    """Append z to the input image only (the reference's ``where_add='input'``).

    Builds the block tree of ``G_Unet_add_input``: an innermost level, ``num_downs - 5`` middle
    levels of ``8 * base_channels`` (with dropout when asked), then levels of 4, 2 and 1 times
    ``base_channels`` and the outermost one, whose input has ``in_channels + nz`` channels.
    """

    #: the fewest down-samplings this tree can have
    min_num_downs = 5

    def build(self, in_channels, out_channels, nz, num_downs, base_channels, norm, nonlinearity,
              use_dropout, upsample):
        """The outermost :class:`InputInjectionBlock`; its ``forward(x, z)`` takes z of (N, nz)."""
        check_unet_tree('InputInjection', num_downs, self.min_num_downs, nonlinearity, upsample)
        opts = dict(norm=norm, nonlinearity=nonlinearity, upsample=upsample)
        deepest = base_channels * 8
        block = InputInjectionBlock(deepest, deepest, deepest, **opts)
        for _ in range(num_downs - 5):
            block = InputInjectionBlock(deepest, deepest, deepest, block, use_dropout=use_dropout,
                                        **opts)
        for mult in (4, 2, 1):
            channels = base_channels * mult
            block = InputInjectionBlock(channels, channels, channels * 2, block, **opts)
        return InputInjectionBlock(in_channels + nz, out_channels, base_channels, block,
                                   outermost=True, nz=nz, **opts)
