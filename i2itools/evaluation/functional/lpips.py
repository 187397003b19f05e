"""LPIPS (Zhang et al. 2018), the learned perceptual distance, from local weight files: a
torchvision AlexNet or VGG16 state dict and the linear layers of LPIPS v0.1 or v0.0 (those the
``lpips`` package ships inside its wheel, or a file of the PerceptualSimilarity release)."""
import importlib.util
import os.path as osp

import torch
from torch import nn
from torchvision.models import alexnet, vgg16

from .local_weights import WeightsFileError, load_exactly, read_state_dict, resolve_device

#: net -> (torchvision architecture, indices in ``features`` of the ReLUs compared, their
#: channels, the smallest image side that reaches the last of them)
BACKBONES = {
    'alex': (alexnet, (1, 4, 7, 9, 11), (64, 192, 384, 256, 256), 31),
    'vgg': (vgg16, (3, 8, 15, 22, 29), (64, 128, 256, 512, 512), 16),
}
NET_ALIASES = {'alexnet': 'alex', 'vgg16': 'vgg'}
BACKBONE_FILES = {'alex': 'alexnet-owt-7be5be79.pth', 'vgg': 'vgg16-397923af.pth'}
#: v0.1 maps [-1, 1] images to the statistics the ImageNet backbones were trained on; v0.0 (the
#: first release, used by the BicycleGAN paper) fed them unscaled, with linear layers of its own
VERSIONS = ('0.1', '0.0')
INPUT_SHIFT = (-0.030, -0.088, -0.188)
INPUT_SCALE = (0.458, 0.448, 0.450)
UNIT_EPS = 1e-10


class LPIPSNetwork(nn.Module):
    """Distance between two images: for each tapped layer, the squared difference of the
    channel-unit-normalised activations, weighted by a learned 1x1 convolution and averaged
    over space; summed over layers.

    Args:
        features: the ``features`` Sequential of a torchvision backbone, up to the last tap.
        taps: indices in ``features`` whose outputs are compared.
        lins: one 1-output 1x1 convolution (no bias) per tap.
        min_size: the smallest image side that reaches the last tap.
        scale_inputs: shift and scale the images as LPIPS v0.1 does (v0.0: feed them as they
            are).
    """

    def __init__(self, features, taps, lins, min_size, scale_inputs=True):
        super().__init__()
        self.features = features
        self.taps = tuple(taps)
        self.lins = lins
        self.min_size = min_size
        shift, scale = (INPUT_SHIFT, INPUT_SCALE) if scale_inputs else ((0.0,) * 3, (1.0,) * 3)
        self.register_buffer('shift', torch.tensor(shift).view(1, 3, 1, 1))
        self.register_buffer('scale', torch.tensor(scale).view(1, 3, 1, 1))

    def forward(self, x, y):
        """(N,) distances between two (N, 3, H, W) batches of images in [-1, 1]."""
        if x.shape != y.shape or x.dim() != 4 or x.shape[1] != 3 \
                or min(x.shape[-2:]) < self.min_size:
            raise ValueError(f'LPIPS compares two (N, 3, H, W) batches of one shape with H, W >= '
                             f'{self.min_size}, got {tuple(x.shape)} and {tuple(y.shape)}')
        activations = self._tapped(torch.cat([x, y]).to(self.shift.device, torch.float32))
        return sum(lin((_unit(a) - _unit(b)) ** 2).mean(dim=(1, 2, 3))
                   for lin, (a, b) in zip(self.lins, (t.chunk(2) for t in activations)))

    def _tapped(self, images):
        h, tapped = (images - self.shift) / self.scale, []
        for index, layer in enumerate(self.features):
            h = layer(h)
            if index in self.taps:
                tapped.append(h)
        return tapped


def build_lpips(net='alex', backbone_weights=None, linear_weights=None, version='0.1',
                device=None):
    """The frozen LPIPS network (eval mode, no gradients) from local files.

    Args:
        net: 'alex' (the LPIPS default) or 'vgg'.
        backbone_weights: a torchvision state dict of that architecture (e.g.
            alexnet-owt-7be5be79.pth); its ``classifier.*`` entries are not used.
        linear_weights: the linear layers of that net and version (keys
            ``lin0.model.1.weight`` ... ``lin4.model.1.weight``), e.g. ``weights/v0.1/alex.pth``
            of the LPIPS release; None: that file inside the installed ``lpips`` package.
        version: '0.1' (the LPIPS default) or '0.0' (the first release, which the BicycleGAN
            paper's diversity used: no input scaling, other linear layers).
        device: where it runs; None: CUDA when available, else the CPU.

    Nothing is downloaded: a missing or foreign file raises
    :class:`~.local_weights.WeightsFileError` naming the file expected.
    """
    name = NET_ALIASES.get(net, net)
    if name not in BACKBONES:
        raise ValueError(f"build_lpips: unknown net {net!r}; choose 'alex' or 'vgg'")
    if version not in VERSIONS:
        raise ValueError(f'build_lpips: unknown version {version!r}; choose one of {VERSIONS}')
    architecture, taps, channels, min_size = BACKBONES[name]
    features = _load_backbone(architecture, taps, backbone_weights, name)
    if linear_weights is None:
        linear_weights = packaged_linear_weights(name, version)
    lins = _load_linear_layers(channels, linear_weights, name, version)
    return LPIPSNetwork(features, taps, lins, min_size, scale_inputs=version == '0.1').to(
        resolve_device(device)).eval()


def packaged_linear_weights(net, version):
    """Path of the linear layers of ``net`` and ``version`` that the installed ``lpips``
    package ships (``lpips/weights/v<version>/<net>.pth``), found without importing it."""
    spec = importlib.util.find_spec('lpips')
    if spec is None or not spec.submodule_search_locations:
        raise WeightsFileError(
            f'linear_weights is not set and the lpips package, whose wheel holds '
            f'weights/v{version}/{net}.pth, is not installed: `pip install lpips` or give '
            f'linear_weights=PATH. i2itools never downloads weights.')
    return osp.join(spec.submodule_search_locations[0], 'weights', f'v{version}', f'{net}.pth')


def _load_backbone(architecture, taps, path, name):
    expected = (f"a state dict of torchvision's {architecture.__name__} (e.g. "
                f'{BACKBONE_FILES[name]} from the torchvision model zoo, copied by hand)')
    state = read_state_dict(path, expected, 'backbone_weights')
    state = {k: v for k, v in state.items() if not k.startswith('classifier.')}
    with torch.device('meta'):  # the weights come from the file: skip the random init
        trunk = nn.ModuleDict(dict(features=architecture(weights=None).features[:taps[-1] + 1]))
    return load_exactly(trunk, state, path, expected)['features']


def _load_linear_layers(channels, path, name, version):
    expected = (f'the LPIPS v{version} linear layers for net={name!r} (weights/v{version}/'
                f'{name}.pth of the PerceptualSimilarity release or the lpips package)')
    state = read_state_dict(path, expected, 'linear_weights')
    names = [f'lin{k}.model.1.weight' for k in range(len(channels))]
    if sorted(state) != names:
        raise WeightsFileError(f'linear_weights: {path!r} has keys {sorted(state)[:8]}, not '
                               f'exactly {names}; expected {expected}.')
    with torch.device('meta'):
        lins = nn.ModuleList(nn.Conv2d(c, 1, kernel_size=1, bias=False) for c in channels)
    return load_exactly(lins, {f'{k}.weight': state[n] for k, n in enumerate(names)}, path,
                        expected)


def _unit(activation):
    """Each position's channel vector scaled to unit length (LPIPS' normalisation)."""
    norm = activation.pow(2).sum(dim=1, keepdim=True).sqrt()
    return activation / (norm + UNIT_EPS)
