"""The multi-scale PatchGAN discriminator of BicycleGAN: one PatchGAN per image scale."""
from torch import nn

from i2itools.registry import MODELS

from ..common.bicycle_layers import optional_norm


def _patch_layers(in_channels, base_channels, num_layers, norm):
    """One PatchGAN of the reference's ``D_NLayersMulti.get_layers`` (every conv has a bias)."""
    layers = [nn.Conv2d(in_channels, base_channels, 4, stride=2, padding=1),
              nn.LeakyReLU(0.2, True)]
    channels = base_channels
    for n in range(1, num_layers + 1):
        out = base_channels * min(2 ** n, 8)
        # the last of these keeps the size (stride 1) to widen the receptive field
        stride = 2 if n < num_layers else 1
        layers += [nn.Conv2d(channels, out, 4, stride=stride, padding=1),
                   *optional_norm(norm, out), nn.LeakyReLU(0.2, True)]
        channels = out
    layers.append(nn.Conv2d(channels, 1, 4, stride=1, padding=1))
    return layers


@MODELS.register_module()
class MultiScaleDiscriminator(nn.Module):
    """Multi-scale PatchGAN of BicycleGAN (``D_NLayersMulti``, the ``basic_*_multi`` nets).

    ``basic_128_multi`` has 2 layers, ``basic_256_multi`` 3. Scale ``i`` sees the input
    average-pooled ``i`` times by 2 and has ``round(base_channels / 2 ** i)`` channels in its
    first conv. Attribute names are the reference's (``model`` for one scale, ``model_0``, ``model_1``, ... for several), so reference
    checkpoints load as they are.

    With one scale ``forward`` returns a tensor of patch logits; with several it returns a list of
    them, finest scale first (as the reference does in both cases).

    Args:
        in_channels (int): channels of its input.
        base_channels (int): channels of the first conv at the finest scale (the reference's ndf).
        num_layers (int): number of stride-2 convs of each PatchGAN.
        norm (str): 'batch', 'instance' or 'none' (no layer; the reference crashes on 'none').
        num_scales (int): number of PatchGANs (the reference's num_Ds).
    """

    def __init__(self, in_channels=3, base_channels=64, num_layers=3, norm='instance',
                 num_scales=2):
        super().__init__()
        if num_layers < 1:
            raise ValueError(f'num_layers must be >= 1, got {num_layers}.')
        if num_scales < 1:
            raise ValueError(f'num_scales must be >= 1, got {num_scales}.')
        self.num_scales = num_scales
        if num_scales == 1:
            self.model = nn.Sequential(*_patch_layers(in_channels, base_channels, num_layers, norm))
            return
        for i in range(num_scales):
            channels = int(round(base_channels / 2 ** i))
            if channels < 1:
                raise ValueError(f'MultiScaleDiscriminator: scale {i} would have '
                                 f'round({base_channels} / 2**{i}) = 0 channels; raise '
                                 'base_channels or lower num_scales.')
            self.add_module(f'model_{i}', nn.Sequential(
                *_patch_layers(in_channels, channels, num_layers, norm)))
        self.down = nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False)

    def forward(self, x):
        if self.num_scales == 1:
            return self.model(x)
        outputs = []
        for i in range(self.num_scales):
            if i > 0:
                x = self.down(x)
            outputs.append(getattr(self, f'model_{i}')(x))
        return outputs
