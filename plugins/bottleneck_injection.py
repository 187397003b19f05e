"""z only at the bottleneck of the BicycleGAN U-Net: an example plugin that adds a z-injection
mode (a network part) in one file.

The reference adds z to the input image ('input') or to the input of every down-sampling conv
('all'); this mode appends it to the deepest ``levels`` down-sampling convs only, so z steers the
global content while the skip connections carry the input's details. Use it from a config (see
``plugins/configs/bicycle_z8_bottleneck.py``)::

    custom_imports = dict(imports=['plugins.bottleneck_injection'], allow_failed_imports=False)
    model = dict(nets=dict(G=dict(injection=dict(type='BottleneckInjection', levels=2))))
"""
from i2itools.models.common.bicycle_layers import check_nonlinearity, check_upsample
from i2itools.models.injection import AllInjectionBlock
from i2itools.registry import MODELS


@MODELS.register_module()
class BottleneckInjection:
    """Append z to the input of the deepest ``levels`` down-sampling convs of the U-Net.

    The block tree is that of :class:`~i2itools.models.injection.AllInjection` (levels of 1, 2,
    4 and then 8 times ``base_channels``), with z left out of the outer levels.

    Args:
        levels (int): how many of the innermost levels see z; 1 is the bottleneck alone, and
            ``num_downs`` is the reference's 'all'.
    """

    #: the fewest down-samplings this tree can have
    min_num_downs = 5

    def __init__(self, levels=1):
        if levels < 1:
            raise ValueError(f'BottleneckInjection needs levels >= 1, got {levels}.')
        self.levels = levels

    def build(self, in_channels, out_channels, nz, num_downs, base_channels, norm, nonlinearity,
              use_dropout, upsample):
        """The outermost :class:`AllInjectionBlock`; its ``forward(x, z)`` takes z of (N, nz)."""
        check_nonlinearity(nonlinearity)
        check_upsample(upsample)
        fewest = max(self.min_num_downs, self.levels)
        if num_downs < fewest:
            raise ValueError(f'BottleneckInjection(levels={self.levels}) needs num_downs >= '
                             f'{fewest}, got {num_downs}.')
        opts = dict(norm=norm, nonlinearity=nonlinearity, upsample=upsample)
        deepest = base_channels * 8
        # (in, outer, inner) channels of each level, innermost first, as AllInjection builds them
        levels = [(deepest, deepest, deepest)] * (num_downs - 4)
        levels += [(base_channels * m, base_channels * m, base_channels * m * 2) for m in (4, 2, 1)]
        block = None
        for depth, (inner_in, outer, inner) in enumerate(levels):
            z_width = nz if depth < self.levels else 0
            middle = 0 < depth < num_downs - 4  # the levels AllInjection gives dropout
            block = AllInjectionBlock(inner_in, outer, inner, z_width, block,
                                      use_dropout=use_dropout and middle, **opts)
        z_width = nz if self.levels == num_downs else 0
        return AllInjectionBlock(in_channels, out_channels, base_channels, z_width, block,
                                 outermost=True, **opts)
