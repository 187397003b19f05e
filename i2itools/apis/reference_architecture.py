"""Tell a reference generator's architecture from the keys and shapes of its ``latest_net_G.pth``.

pytorch-CycleGAN-and-pix2pix saves bare state dicts: no options. Their layout still shows the
network: U-Net (``model.model.*``, one down and one up conv per level) or ResNet
(``model.<i>.conv_block.*``), the channels (first and last conv), the norm (batch norm has
running statistics; instance norm keeps the conv biases that batch norm drops) and, for ResNet,
padding and dropout (they shift the layer indices of the residual blocks) and CUT's anti-aliased
down- and up-sampling (their blur kernels are saved as ``model.<i>.filt``).
"""
import re

from mmengine.config import Config

_RESNET_BLOCK = re.compile(r'model\.(\d+)\.conv_block\.(\d+)\.weight$')
_BLUR = re.compile(r'model\.(\d+)\.filt$')


class AmbiguousArchitectureError(ValueError):
    """The state dict does not show which network it belongs to; a config must say it."""


def reference_generator_cfg(state, path):
    """Config of the generator whose weights ``state`` (from the file ``path``) holds.

    U-Net dropout leaves no trace in the weights: a U-Net with batch norm is taken to have it,
    as pix2pix's default generator (``--norm batch``, dropout unless ``--no_dropout``), one
    with instance norm not (CycleGAN's default, ``--no_dropout``). It matters only in train
    mode; a config (``--config``) says otherwise.
    """
    if 'model.model.0.weight' in state:
        return _unet_cfg(state)
    if 'model.1.weight' in state and any(_RESNET_BLOCK.match(k) for k in state):
        return _resnet_cfg(state)
    raise AmbiguousArchitectureError(
        f'{path}: cannot tell the architecture from its keys (e.g. {sorted(state)[:3]}): it is '
        'not a reference U-Net or ResNet generator (a discriminator, an encoder or a BicycleGAN '
        'generator?). Pass the training config with --config (config=...).')


def reference_model_config(state, path):
    """A Config of a one-generator Translator (``A -> fake_B``) for ``state``, tested in train
    mode as pytorch-CycleGAN-and-pix2pix's ``test.py`` tests without ``--eval``."""
    model = dict(type='Translator', nets=dict(G=reference_generator_cfg(state, path)),
                 branches=dict(supervised=dict(type='SupervisedBranch', generator='G',
                                               source='A', output='fake_B')),
                 visuals=('A', 'fake_B'), test_mode='train')
    return Config(dict(model=model, default_scope='i2itools'))


def _norm(state, first_conv):
    if any(k.endswith('running_mean') for k in state):
        return 'batch'
    # the reference gives convs a bias only before its affine-free instance norm
    return 'instance' if f'{first_conv}.bias' in state else 'none'


def _unet_cfg(state):
    first = state['model.model.0.weight']
    norm = _norm(state, 'model.model.0')
    convs = [k for k, v in state.items() if k.endswith('.weight') and v.dim() == 4]
    return dict(type='UnetGenerator', in_channels=first.shape[1],
                out_channels=state['model.model.3.weight'].shape[1],  # ConvTranspose2d: (in, out)
                num_downs=len(convs) // 2, base_channels=first.shape[0], norm=norm,
                use_dropout=norm == 'batch')


def _resnet_cfg(state):
    first = state['model.1.weight']
    blocks = {}
    for key, value in state.items():
        match = _RESNET_BLOCK.match(key)
        if match and value.dim() == 4:  # the convs, not the batch norms' weights
            blocks.setdefault(int(match.group(1)), []).append(int(match.group(2)))
    first_conv, second_conv = sorted(next(iter(blocks.values())))
    padded = first_conv == 1  # reflect/replicate put a padding layer before each conv
    last = max((k for k, v in state.items() if v.dim() == 4), key=lambda k: int(k.split('.')[1]))
    blurs = [int(m.group(1)) for m in map(_BLUR.match, state) if m]
    return dict(type='ResnetGenerator', in_channels=first.shape[1],
                out_channels=state[last].shape[0], base_channels=first.shape[0],
                norm=_norm(state, 'model.1'), num_blocks=len(blocks),
                # between the convs: norm, relu, (dropout), (padding)
                use_dropout=second_conv - first_conv == (5 if padded else 4),
                padding_type='reflect' if padded else 'zero',
                downsampling=_resampling(any(i < min(blocks) for i in blurs), 'strided'),
                upsampling=_resampling(any(i > max(blocks) for i in blurs), 'transposed'))


def _resampling(blurred, otherwise):
    return 'antialiased' if blurred else otherwise
