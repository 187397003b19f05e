"""z injection at every level: z is tiled and appended to the input of each down-sampling conv.

This is the reference's ``G_Unet_add_all`` (BicycleGAN ``--where_add all``).
"""
import torch
from torch import nn

from i2itools.registry import MODELS

from ..common.bicycle_layers import (build_nonlinearity, check_unet_tree, concat_z,
                                     optional_norm, upsample_layers)


class AllInjectionBlock(nn.Module):
    """One U-Net level of the reference's ``UnetBlock_with_z``: ``down``, ``submodule``, ``up``.

    Its down conv sees its input with z appended (``in_channels + nz`` channels). Attribute names
    and Sequential layouts are the reference's (norm 'none' adds no layer), so reference
    checkpoints load as they are. An inner block returns ``cat([up(...), x])``.

    Args:
        in_channels (int): channels of its input, without z.
        outer_channels (int): channels this block returns (before concatenation).
        inner_channels (int): channels after its down-sampling conv.
        nz (int): width of z; 0 appends nothing.
        submodule (nn.Module | None): the next inner block; None makes this the innermost block.
        outermost (bool): whether this is the outermost block (no skip, ends with Tanh).
        norm (str): 'batch', 'instance' or 'none'.
        nonlinearity (str): activation before each up-sampling: 'relu', 'lrelu' or 'elu'.
        use_dropout (bool): Dropout(0.5) after the up-sampling of a middle block.
        upsample (str): 'basic' or 'bilinear', see :func:`upsample_layers`.
    """

    def __init__(self, in_channels, outer_channels, inner_channels, nz=0, submodule=None,
                 outermost=False, norm='instance', nonlinearity='relu', use_dropout=False,
                 upsample='basic'):
        super().__init__()
        if outermost and submodule is None:
            raise ValueError('The outermost U-Net block needs a submodule.')
        self.outermost = outermost
        self.nz = nz
        down_conv = nn.Conv2d(in_channels + nz, inner_channels, 4, stride=2, padding=1)
        up_in = inner_channels if submodule is None else inner_channels * 2
        up = [build_nonlinearity(nonlinearity), *upsample_layers(up_in, outer_channels, upsample)]
        if outermost:
            down, up = [down_conv], up + [nn.Tanh()]
        else:
            down = [nn.LeakyReLU(0.2, True), down_conv]
            if submodule is not None:
                down += optional_norm(norm, inner_channels)
            up += optional_norm(norm, outer_channels)
            if use_dropout and submodule is not None:
                up.append(nn.Dropout(0.5))
        self.down = nn.Sequential(*down)
        self.submodule = submodule
        self.up = nn.Sequential(*up)

    def forward(self, x, z=None):
        # with nz > 0 the in-place LeakyReLU of ``down`` rewrites the concatenation, not x, so the
        # skip carries x itself (with nz == 0 it carries LeakyReLU(x), as in the reference)
        x_and_z = concat_z(x, z) if self.nz > 0 else x
        inner = self.down(x_and_z)
        if self.submodule is not None:
            inner = self.submodule(inner, z)
        if self.outermost:
            return self.up(inner)
        return torch.cat([self.up(inner), x], 1)


@MODELS.register_module()
class AllInjection:
    """Append z to the input of every down-sampling conv (the reference's ``where_add='all'``).

    Builds the block tree of ``G_Unet_add_all``: an innermost level, ``num_downs - 5`` middle
    levels of ``8 * base_channels`` (with dropout when asked), then levels of 4, 2 and 1 times
    ``base_channels`` and the outermost one. For ``num_downs >= 6`` (the reference's
    ``unet_128`` and ``unet_256`` included) this is the reference's tree. The reference class
    always builds at least one middle level, so asked for 5 it silently makes 6 down-samplings;
    here 5 means 5 (no reference checkpoint has that depth: its ``define_G`` uses only 7 and 8).
    """

    #: the fewest down-samplings this tree can have
    min_num_downs = 5

    def build(self, in_channels, out_channels, nz, num_downs, base_channels, norm, nonlinearity,
              use_dropout, upsample):
        """The outermost :class:`AllInjectionBlock`; its ``forward(x, z)`` takes z of (N, nz)."""
        check_unet_tree('AllInjection', num_downs, self.min_num_downs, nonlinearity, upsample)
        opts = dict(norm=norm, nonlinearity=nonlinearity, upsample=upsample)
        deepest = base_channels * 8
        block = AllInjectionBlock(deepest, deepest, deepest, nz, **opts)
        for _ in range(num_downs - 5):
            block = AllInjectionBlock(deepest, deepest, deepest, nz, block,
                                      use_dropout=use_dropout, **opts)
        for mult in (4, 2, 1):
            channels = base_channels * mult
            block = AllInjectionBlock(channels, channels, channels * 2, nz, block, **opts)
        return AllInjectionBlock(in_channels, out_channels, base_channels, nz, block,
                                 outermost=True, **opts)
