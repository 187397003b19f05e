"""Translate the network options of pytorch-CycleGAN-and-pix2pix, BicycleGAN and CUT into configs.

``reference_net_cfg('define_G', input_nc=3, output_nc=3, ngf=64, netG='unet_256')`` gives the
config of the network that the reference's ``define_G`` builds with those arguments, so a reference
``latest_net_G.pth`` loads into ``MODELS.build(cfg)`` with ``strict=True``. BicycleGAN's
``define_G`` / ``define_D`` / ``define_E`` are 'bicycle_define_G' / 'bicycle_define_D' /
'bicycle_define_E'; CUT's (contrastive-unpaired-translation) ``define_G`` / ``define_D`` are
'cut_define_G' / 'cut_define_D'.
"""
from .encoders.conv_encoder import CONV_ENCODER_PRESETS
from .encoders.resnet_encoder import RESNET_ENCODER_PRESETS
from .generators.unet_generator import UNET_PRESETS

_RESNET_PRESETS = {'resnet_6blocks': 6, 'resnet_9blocks': 9}
_NLAYER_D = ('basic', 'n_layers')
_CUT_RESNET_PRESETS = {**_RESNET_PRESETS, 'resnet_4blocks': 4}


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


def _bicycle_generator_cfg(input_nc, output_nc, nz, ngf, netG='unet_128', norm='batch',
                           nl='relu', use_dropout=False, where_add='input', upsample='bilinear'):
    if netG not in UNET_PRESETS:
        raise ValueError(f"Unsupported BicycleGAN netG '{netG}'; expected one of "
                         f"{', '.join(UNET_PRESETS)}.")
    if where_add not in ('input', 'all'):
        raise ValueError(f"Unsupported BicycleGAN where_add '{where_add}'; expected input or all.")
    # the reference's define_G falls back to 'input' when there is no z; ZUnetGenerator does too
    return dict(type='ZUnetGenerator', in_channels=input_nc, out_channels=output_nc, nz=nz,
                num_downs=UNET_PRESETS[netG], base_channels=ngf, norm=norm, nonlinearity=nl,
                use_dropout=use_dropout, upsample=upsample,
                injection=where_add if nz > 0 else 'input')


def _cut_generator_cfg(input_nc, output_nc, ngf, netG, norm='batch', use_dropout=False,
                       no_antialias=False, no_antialias_up=False):
    if netG not in _CUT_RESNET_PRESETS:  # its U-Nets are pytorch-CycleGAN-and-pix2pix's
        return _generator_cfg(input_nc, output_nc, ngf, netG, norm, use_dropout)
    cfg = _generator_cfg(input_nc, output_nc, ngf, 'resnet_9blocks', norm, use_dropout)
    cfg.update(num_blocks=_CUT_RESNET_PRESETS[netG],
               downsampling='strided' if no_antialias else 'antialiased',
               upsampling='transposed' if no_antialias_up else 'antialiased')
    return cfg


def _cut_discriminator_cfg(input_nc, ndf, netD, n_layers_D=3, norm='batch', no_antialias=False):
    cfg = _discriminator_cfg(input_nc, ndf, netD, n_layers_D, norm)
    if netD in _NLAYER_D:
        cfg['downsampling'] = 'strided' if no_antialias else 'antialiased'
    return cfg


_MULTISCALE_D = {'basic_128_multi': 2, 'basic_256_multi': 3}


def _bicycle_discriminator_cfg(input_nc, ndf, netD, norm='batch', nl='lrelu', num_Ds=1):
    # nl is accepted because the reference's options pass it, but its define_D always uses
    # LeakyReLU(0.2), as MultiScaleDiscriminator does
    if netD in ('basic_128', 'basic_256'):
        raise ValueError(f"BicycleGAN netD '{netD}' cannot be built: the reference's define_D "
                         'passes nl_layer to D_NLayers, which does not take it, and crashes. Use '
                         f"'{netD}_multi' with num_Ds=1 (same layers, but every conv has a bias) "
                         "or NLayerDiscriminator.")
    if netD not in _MULTISCALE_D:
        raise ValueError(f"Unsupported BicycleGAN netD '{netD}'; expected one of "
                         f"{', '.join(_MULTISCALE_D)}.")
    return dict(type='MultiScaleDiscriminator', in_channels=input_nc, base_channels=ndf,
                num_layers=_MULTISCALE_D[netD], norm=norm, num_scales=num_Ds)


def _bicycle_encoder_cfg(input_nc, output_nc, ndf, netE, norm='batch', nl='lrelu',
                         vaeLike=False):
    # the reference's define_E ignores nl and always uses LeakyReLU(0.2)
    common = dict(in_channels=input_nc, out_channels=output_nc, base_channels=ndf, norm=norm,
                  nonlinearity='lrelu', vae_like=vaeLike)
    if netE in RESNET_ENCODER_PRESETS:
        return dict(type='ResnetEncoder', num_blocks=RESNET_ENCODER_PRESETS[netE], **common)
    if netE in CONV_ENCODER_PRESETS:
        return dict(type='ConvEncoder', num_layers=CONV_ENCODER_PRESETS[netE], **common)
    raise ValueError(f"Unsupported BicycleGAN netE '{netE}'; expected one of "
                     f"{', '.join([*RESNET_ENCODER_PRESETS, *CONV_ENCODER_PRESETS])}.")


_DEFINES = {
    'define_G': _generator_cfg,
    'define_D': _discriminator_cfg,
    'bicycle_define_G': _bicycle_generator_cfg,
    'bicycle_define_D': _bicycle_discriminator_cfg,
    'bicycle_define_E': _bicycle_encoder_cfg,
    'cut_define_G': _cut_generator_cfg,
    'cut_define_D': _cut_discriminator_cfg,
}


def reference_net_cfg(define, **kwargs):
    """Config dict of the network a reference ``define_*`` function would build.

    Defaults are the reference functions' own. BicycleGAN's ``define_D`` and ``define_E`` ignore
    ``nl`` (always LeakyReLU(0.2)); so do these mappings. Its 'basic_128' / 'basic_256'
    discriminators crash in the reference and are refused here.

    Args:
        define (str): the reference function being mirrored: 'define_G' or 'define_D' of
            pytorch-CycleGAN-and-pix2pix, 'bicycle_define_G', 'bicycle_define_D' or
            'bicycle_define_E' of BicycleGAN, 'cut_define_G' or 'cut_define_D' of CUT.
        **kwargs: its architecture arguments: for 'define_G' input_nc, output_nc, ngf, netG
            (unet_128, unet_256, resnet_6blocks, resnet_9blocks), norm, use_dropout; for
            'define_D' input_nc, ndf, netD (basic, n_layers, pixel), n_layers_D, norm; for
            'bicycle_define_G' input_nc, output_nc, nz, ngf, netG (unet_128, unet_256), norm,
            nl, use_dropout, where_add (input, all), upsample (basic, bilinear); for
            'bicycle_define_D' input_nc, ndf, netD (basic_128_multi, basic_256_multi), norm,
            nl, num_Ds; for 'bicycle_define_E' input_nc, output_nc, ndf, netE (resnet_128,
            resnet_256, conv_128, conv_256), norm, nl, vaeLike; for 'cut_define_G' those of
            'define_G' (and resnet_4blocks) plus no_antialias, no_antialias_up; for
            'cut_define_D' those of 'define_D' plus no_antialias. Initialisation and device
            arguments are not part of a network config.
    """
    if define not in _DEFINES:
        raise ValueError(f"Unknown reference function '{define}'; expected one of "
                         f"{', '.join(_DEFINES)}.")
    return _DEFINES[define](**kwargs)
