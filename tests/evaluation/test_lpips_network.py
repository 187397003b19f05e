"""build_lpips from local random weights: a distance (0 to itself, symmetric, > 0 otherwise),
the layer formula of LPIPS, the release's key layout, and clear errors for wrong files."""
import importlib.util

import pytest
import torch
from random_weight_files import LPIPS_CHANNELS, save_random_lpips
from torch import nn

from i2itools.evaluation.functional.local_weights import WeightsFileError
from i2itools.evaluation.functional.lpips import build_lpips

SHIFT = torch.tensor([-0.030, -0.088, -0.188]).view(1, 3, 1, 1)  # LPIPS v0.1 input scaling
SCALE = torch.tensor([0.458, 0.448, 0.450]).view(1, 3, 1, 1)


@pytest.fixture(scope='module')
def alex_files(tmp_path_factory):
    """(backbone path, linear path, backbone features, linear-layer dict) for net='alex'."""
    return save_random_lpips(tmp_path_factory.mktemp('lpips'), 'alex')


def _images(shape, seed):
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed)) * 2 - 1


def _compared_layers(net, features):
    """The layers LPIPS compares, found from the architecture: AlexNet's five ReLUs, VGG16's
    last ReLU before each pooling."""
    if net == 'alex':
        return [i for i, layer in enumerate(features) if isinstance(layer, nn.ReLU)]
    return [i - 1 for i, layer in enumerate(features) if isinstance(layer, nn.MaxPool2d)]


def _unit_weight_lpips(net, features, x, y):
    """LPIPS with every linear weight 1: per layer, the spatial mean of the squared distance
    between the unit-length channel vectors of x and y; summed over layers."""
    layers, total = _compared_layers(net, features), 0
    hx, hy = (x - SHIFT) / SCALE, (y - SHIFT) / SCALE
    for index, layer in enumerate(features[:max(layers) + 1]):
        hx, hy = layer(hx), layer(hy)
        if index in layers:
            ux = hx / hx.norm(dim=1, keepdim=True)
            uy = hy / hy.norm(dim=1, keepdim=True)
            total = total + ((ux - uy) ** 2).sum(dim=1).mean(dim=(1, 2))
    return total


def test_distance_is_zero_to_itself_symmetric_and_positive_otherwise(alex_files):
    lpips = build_lpips('alex', *alex_files[:2], device='cpu')
    x, y = _images((3, 3, 32, 32), 0), _images((3, 3, 32, 32), 1)
    with torch.no_grad():
        assert lpips(x, y).shape == (3,)
        torch.testing.assert_close(lpips(x, x), torch.zeros(3))
        torch.testing.assert_close(lpips(x, y), lpips(y, x))
        assert (lpips(x, y) > 0).all()


@pytest.mark.parametrize('net', ['alex', 'vgg'])
def test_unit_linear_weights_give_the_summed_normalised_feature_difference(net, tmp_path):
    backbone, _, features, _ = save_random_lpips(tmp_path, net)
    torch.save({f'lin{k}.model.1.weight': torch.ones(1, c, 1, 1)
                for k, c in enumerate(LPIPS_CHANNELS[net])}, tmp_path / 'ones.pth')
    lpips = build_lpips(net, backbone, tmp_path / 'ones.pth', device='cpu')
    x, y = _images((2, 3, 32, 32), 2), _images((2, 3, 32, 32), 3)
    with torch.no_grad():
        torch.testing.assert_close(lpips(x, y), _unit_weight_lpips(net, features, x, y),
                                   rtol=1e-4, atol=1e-6)


def test_the_release_key_layout_fills_the_linear_layers_and_all_is_frozen(alex_files):
    lpips = build_lpips('alex', *alex_files[:2], device='cpu')
    for k, layer in enumerate(lpips.lins):
        torch.testing.assert_close(layer.weight, alex_files[3][f'lin{k}.model.1.weight'])
    assert not lpips.training and not any(p.requires_grad for p in lpips.parameters())


def test_missing_files_name_the_argument_the_path_and_the_file_expected(alex_files, tmp_path,
                                                                      monkeypatch):
    backbone, linear = alex_files[:2]
    with pytest.raises(WeightsFileError, match='backbone_weights: no file at') as caught:
        build_lpips('alex', tmp_path / 'alexnet.pth', linear)
    assert str(tmp_path / 'alexnet.pth') in str(caught.value)
    assert 'alexnet-owt-7be5be79.pth' in str(caught.value)
    with pytest.raises(WeightsFileError, match='linear_weights: no file at') as caught:
        build_lpips('alex', backbone, tmp_path / 'alex.pth')
    assert 'weights/v0.1/alex.pth' in str(caught.value)
    # without linear_weights they come from the lpips package; without the package, an error
    monkeypatch.setattr(importlib.util, 'find_spec', lambda name: None)
    with pytest.raises(WeightsFileError, match='linear_weights is not set and the lpips '
                       r'package.*pip install lpips.*never downloads'):
        build_lpips('alex', backbone)


def test_linear_layers_of_other_keys_or_another_net_are_refused(alex_files, tmp_path):
    backbone, linear = alex_files[:2]
    torch.save({'lin0.weight': torch.ones(1, 64, 1, 1)}, tmp_path / 'renamed.pth')
    with pytest.raises(WeightsFileError, match=r"keys \['lin0.weight'\], not exactly"):
        build_lpips('alex', backbone, tmp_path / 'renamed.pth')
    with pytest.raises(WeightsFileError, match='right keys but other shapes'):
        build_lpips('vgg', save_random_lpips(tmp_path, 'vgg')[0], linear)
    with pytest.raises(WeightsFileError, match="missing keys \\['features.0.bias'"):
        build_lpips('alex', linear, linear)


def test_unknown_nets_and_too_small_images_are_refused(alex_files):
    with pytest.raises(ValueError, match="unknown net 'squeeze'"):
        build_lpips('squeeze', *alex_files[:2])
    lpips = build_lpips('alex', *alex_files[:2], device='cpu')
    with pytest.raises(ValueError, match='H, W >= 31'):
        lpips(_images((1, 3, 24, 24), 4), _images((1, 3, 24, 24), 5))
