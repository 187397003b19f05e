"""The z-conditioned U-Net generator of BicycleGAN: an image and a latent code in, an image out."""
from torch import nn

from i2itools.registry import MODELS

from ..common.depth_presets import resolve_depth
from ..injection import INJECTIONS, InputInjection
from .unet_generator import UNET_PRESETS


def _build_injection(injection):
    if isinstance(injection, str):
        if injection not in INJECTIONS:
            raise ValueError(f"Unknown injection '{injection}'; expected one of "
                             f"{', '.join(INJECTIONS)} or a config dict such as "
                             "dict(type='AllInjection').")
        injection = dict(type=INJECTIONS[injection])
    if isinstance(injection, dict):
        injection = MODELS.build(injection)
    if not callable(getattr(injection, 'build', None)):
        raise TypeError(f'ZUnetGenerator: injection {type(injection).__name__} has no build() '
                        'method; register a class with build(in_channels, out_channels, nz, '
                        'num_downs, base_channels, norm, nonlinearity, use_dropout, upsample).')
    return injection


@MODELS.register_module()
class ZUnetGenerator(nn.Module):
    """U-Net generator of BicycleGAN (``G_Unet_add_input``, ``G_Unet_add_all``).

    ``model`` is the block tree built by the injection part, nested as in the reference, so
    reference ``latest_net_G.pth`` files load as they are. Input height and width must be
    divisible by 2 ** num_downs. With ``nz == 0`` there is no z to inject, and (as the reference's
    ``define_G``) the generator is a plain U-Net built by :class:`InputInjection`, whatever
    ``injection`` names.

    Args:
        in_channels (int): channels of the input image.
        out_channels (int): channels of the output image.
        nz (int): width of the latent code z; 0 makes a generator without z.
        num_downs (int | str): number of down-samplings, or 'unet_128' (7) or 'unet_256' (8).
        base_channels (int): channels after the first conv (the reference's ngf); deeper levels
            use 2, 4 and then 8 times this.
        norm (str): 'batch', 'instance' or 'none' (no layer at all, as the reference).
        nonlinearity (str): activation before each up-sampling: 'relu', 'lrelu' or 'elu'.
        use_dropout (bool): Dropout(0.5) in the middle levels of 8 * base_channels.
        upsample (str): 'basic' (transposed conv) or 'bilinear' (bilinear, reflection pad, conv).
        injection (str | dict): where z enters: 'input' (appended to the image), 'all' (appended
            to the input of every down-sampling conv) or the config of a registered injection
            part, e.g. ``dict(type='AllInjection')``.
    """

    def __init__(self, in_channels=3, out_channels=3, nz=8, num_downs=8, base_channels=64,
                 norm='instance', nonlinearity='relu', use_dropout=False, upsample='basic',
                 injection='all'):
        super().__init__()
        num_downs = resolve_depth(num_downs, UNET_PRESETS, 'U-Net', 'num_downs', 1)
        if nz < 0:
            raise ValueError(f'nz must be >= 0, got {nz}.')
        self.nz = nz
        self.num_downs = num_downs
        self.injection = InputInjection() if nz == 0 else _build_injection(injection)
        self.model = self.injection.build(in_channels, out_channels, nz, num_downs, base_channels,
                                          norm, nonlinearity, use_dropout, upsample)

    def forward(self, x, z=None):
        """Translate ``x`` (N, C, H, W) under the code ``z`` (N, nz); z is ignored if nz == 0."""
        factor = 2 ** self.num_downs
        if x.shape[-2] % factor or x.shape[-1] % factor:
            raise ValueError(f'ZUnetGenerator with num_downs={self.num_downs} needs height and '
                             f'width divisible by {factor}, got {tuple(x.shape[-2:])}; resize or '
                             'crop the images, or lower num_downs.')
        if self.nz == 0:
            return self.model(x, None)
        if z is None:
            raise ValueError(f'ZUnetGenerator with nz={self.nz} needs a latent code: call it as '
                             f'G(x, z) with z of shape (N, {self.nz}), or build it with nz=0.')
        if z.dim() != 2 or z.shape[1] != self.nz or z.shape[0] != x.shape[0]:
            raise ValueError(f'ZUnetGenerator with nz={self.nz} needs z of shape '
                             f'({x.shape[0]}, {self.nz}) for this batch, got {tuple(z.shape)}; '
                             'the encoder and the z sampler must use the same nz as G.')
        return self.model(x, z)
