"""The U-Net generator of pix2pix: nested skip blocks, each halving then restoring the size."""
import torch
from torch import nn

from i2itools.registry import MODELS

from ..common import build_norm, conv_bias
from ..common.depth_presets import resolve_depth

#: the reference's U-Net names and their number of down-samplings
UNET_PRESETS = {'unet_128': 7, 'unet_256': 8}


class UnetSkipBlock(nn.Module):
    """One U-Net level: down-sample, run ``submodule``, up-sample, concatenate with the input.

    The innermost block has no submodule; the outermost block ends with Tanh and returns its
    result without the skip concatenation. A block built with ``skip=False`` returns its output
    alone (an encoder-decoder level); the up-sampling conv of the block around it then takes
    the submodule's channels once instead of twice.

    Args:
        outer_channels (int): channels this block returns (before concatenation).
        inner_channels (int): channels after its down-sampling conv.
        submodule (nn.Module | None): the next inner block; None makes this the innermost block.
        in_channels (int | None): channels of its input; None means ``outer_channels``.
        outermost (bool): whether this is the outermost block.
        norm (str): 'batch', 'instance' or 'none'.
        use_dropout (bool): Dropout(0.5) after the up-sampling (not on the outermost block).
        skip (bool): concatenate the block's input to its output (the U-Net skip connection);
            must stay True on the outermost block, which returns its output alone anyway.
    """

    def __init__(self, outer_channels, inner_channels, submodule=None, in_channels=None,
                 outermost=False, norm='batch', use_dropout=False, skip=True):
        super().__init__()
        if outermost and (submodule is None or use_dropout or not skip):
            raise ValueError('The outermost U-Net block needs a submodule and takes no dropout '
                             'and no skip=False (it never concatenates its input).')
        self.outermost = outermost
        self.skip = skip
        bias = conv_bias(norm)
        down_conv = nn.Conv2d(in_channels or outer_channels, inner_channels, 4, stride=2,
                              padding=1, bias=bias)
        # an inner block with a skip returns its input and its output concatenated, hence * 2
        concatenates = submodule is not None and getattr(submodule, 'skip', True)
        up_in = inner_channels * 2 if concatenates else inner_channels
        if outermost:
            layers = [down_conv, submodule, nn.ReLU(True),
                      nn.ConvTranspose2d(up_in, outer_channels, 4, stride=2, padding=1),
                      nn.Tanh()]
        else:
            down = [nn.LeakyReLU(0.2, True), down_conv]
            if submodule is not None:
                down += [build_norm(norm, inner_channels), submodule]
            layers = down + [nn.ReLU(True),
                             nn.ConvTranspose2d(up_in, outer_channels, 4, stride=2, padding=1,
                                                bias=bias),
                             build_norm(norm, outer_channels)]
            if use_dropout:
                layers.append(nn.Dropout(0.5))
        self.model = nn.Sequential(*layers)

    def forward(self, x):
        if self.outermost or not self.skip:
            return self.model(x)
        out = self.model(x)
        # model[0] is an in-place LeakyReLU that rewrites x, so (as in the reference) the skip
        # carries LeakyReLU(x), not x; the parent's ReLU hides this from the generator's output
        return torch.cat([x, out], 1)


@MODELS.register_module()
class UnetGenerator(nn.Module):
    """U-Net generator of pytorch-CycleGAN-and-pix2pix (``unet_128``, ``unet_256``).

    ``model`` is the outermost :class:`UnetSkipBlock`, nested as in the reference, so reference
    checkpoints load as they are. Input height and width must be divisible by 2 ** num_downs.

    Args:
        in_channels (int): channels of the input image.
        out_channels (int): channels of the output image.
        num_downs (int | str): number of down-samplings (at least 5), or 'unet_128' (7) or
            'unet_256' (8).
        base_channels (int): channels after the first conv (the reference's ngf); deeper levels
            use 2, 4 and then 8 times this.
        norm (str): 'batch', 'instance' or 'none'.
        use_dropout (bool): Dropout(0.5) in the num_downs - 5 middle levels of 8 * base_channels.
        skip_connections (bool): False severs every skip connection, which makes the pix2pix
            paper's encoder-decoder: the same down- and up-sampling convs with the same widths,
            except that each up-sampling conv but the innermost takes half the input channels
            (no copy of the encoder's features), so all information passes the innermost level.
    """

    def __init__(self, in_channels=3, out_channels=3, num_downs=8, base_channels=64,
                 norm='batch', use_dropout=False, skip_connections=True):
        super().__init__()
        num_downs = resolve_depth(num_downs, UNET_PRESETS, 'U-Net', 'num_downs', 5)
        self.num_downs = num_downs
        deepest = base_channels * 8
        level = dict(norm=norm, skip=skip_connections)
        block = UnetSkipBlock(deepest, deepest, **level)
        for _ in range(num_downs - 5):
            block = UnetSkipBlock(deepest, deepest, block, use_dropout=use_dropout, **level)
        for mult in (4, 2, 1):
            block = UnetSkipBlock(base_channels * mult, base_channels * mult * 2, block, **level)
        self.model = UnetSkipBlock(out_channels, base_channels, block, in_channels,
                                   outermost=True, norm=norm)

    def forward(self, x):
        factor = 2 ** self.num_downs
        if x.shape[-2] % factor or x.shape[-1] % factor:
            raise ValueError(f'UnetGenerator with num_downs={self.num_downs} needs height and '
                             f'width divisible by {factor}, got {tuple(x.shape[-2:])}; resize or '
                             'crop the images, or lower num_downs.')
        return self.model(x)
