"""Translate the network options of pytorch-CycleGAN-and-pix2pix into i2itools configs.

``reference_net_cfg('define_G', input_nc=3, output_nc=3, ngf=64, netG='unet_256')`` gives the
config of the network that the reference's ``define_G`` builds with those arguments, so a reference
``latest_net_G.pth`` loads into ``MODELS.build(cfg)`` with ``strict=True``.
"""
from .generators.unet_generator import UNET_PRESETS

_RESNET_PRESETS = {'resnet_6blocks': 6, 'resnet_9blocks': 9}
_NLAYER_D = ('basic', 'n_layers')


def _generator_cfg(input_nc, output_nc, ngf, netG, norm='batch', use_dropout=False):
    common = dict(in_channels=input_nc, out_channels=output_nc, base_channels=ngf, norm=norm,
                  use_dropout=use_dropout)
    if netG in UNET_PRESETS:
        return dict(type='UnetGenerator', num_downs=UNET_PRESETS[netG], **common)
    if netG in _RESNET_PRESETS:
        return dict(type='ResnetGenerator', num_blocks=_RESNET_PRESETS[netG],
                    padding_type='reflect', **common)
    raise ValueError(f"Unsupported reference netG '{netG}'; expected one of "
                     f"{', '.join([*UNET_PRESETS, *_RESNET_PRESETS])}.")


def _discriminator_cfg(input_nc, ndf, netD, n_layers_D=3, norm='batch'):
    if netD in _NLAYER_D:
        # the reference's 'basic' is always 3 layers: it ignores n_layers_D
        num_layers = 3 if netD == 'basic' else n_layers_D
        return dict(type='NLayerDiscriminator', in_channels=input_nc, base_channels=ndf,
                    num_layers=num_layers, norm=norm)
    if netD == 'pixel':
        return dict(type='PixelDiscriminator', in_channels=input_nc, base_channels=ndf, norm=norm)
    raise ValueError(f"Unsupported reference netD '{netD}'; expected one of "
                     f"{', '.join([*_NLAYER_D, 'pixel'])}.")


_DEFINES = {'define_G': _generator_cfg, 'define_D': _discriminator_cfg}


def reference_net_cfg(define, **kwargs):
    """Config dict of the network the reference's ``define_G`` / ``define_D`` would build.

    Args:
        define (str): 'define_G' or 'define_D', the reference function being mirrored.
        **kwargs: its architecture arguments: for 'define_G' input_nc, output_nc, ngf, netG
            (unet_128, unet_256, resnet_6blocks, resnet_9blocks), norm, use_dropout; for
            'define_D' input_nc, ndf, netD (basic, n_layers, pixel), n_layers_D, norm.
            Initialisation and device arguments are not part of a network config.
    """
    if define not in _DEFINES:
        raise ValueError(f"Unknown reference function '{define}'; expected one of "
                         f"{', '.join(_DEFINES)}.")
    return _DEFINES[define](**kwargs)
