"""Properties of the PatchGAN and pixel discriminators."""
import pytest
import torch
from torch import nn

from i2itools.models.discriminators import NLayerDiscriminator, PixelDiscriminator
from i2itools.registry import MODELS


def _convs(net):
    return [m for m in net.modules() if isinstance(m, nn.Conv2d)]


@pytest.mark.parametrize('num_layers,size,patches', [(1, 32, 14), (2, 32, 6), (3, 64, 6),
                                                     (3, 32, 2), (4, 64, 2)])
def test_patchgan_gives_one_logit_per_patch(num_layers, size, patches):
    net = NLayerDiscriminator(6, base_channels=8, num_layers=num_layers)
    assert net(torch.randn(2, 6, size, size)).shape == (2, 1, patches, patches)


def test_patchgan_width_doubles_up_to_eight_times_the_base():
    net = NLayerDiscriminator(base_channels=4, num_layers=5)
    assert [c.out_channels for c in _convs(net)] == [4, 8, 16, 32, 32, 32, 1]
    assert [c.stride for c in _convs(net)][-3:] == [(2, 2), (1, 1), (1, 1)]


@pytest.mark.parametrize('norm,inner_bias', [('batch', False), ('instance', True),
                                             ('none', False)])
def test_patchgan_bias_rule(norm, inner_bias):
    convs = _convs(NLayerDiscriminator(base_channels=8, norm=norm))
    assert convs[0].bias is not None and convs[-1].bias is not None
    assert all((c.bias is not None) == inner_bias for c in convs[1:-1])


@pytest.mark.parametrize('size', [1, 17, 32])
def test_pixel_discriminator_gives_one_logit_per_pixel(size):
    net = PixelDiscriminator(4, base_channels=8)
    assert net(torch.randn(2, 4, size, size)).shape == (2, 1, size, size)


@pytest.mark.parametrize('norm,later_bias', [('batch', False), ('instance', True),
                                             ('none', False)])
def test_pixel_discriminator_bias_rule_covers_its_output_conv(norm, later_bias):
    convs = _convs(PixelDiscriminator(base_channels=8, norm=norm))
    assert convs[0].bias is not None
    assert [c.bias is not None for c in convs[1:]] == [later_bias, later_bias]


def test_pixel_discriminator_sees_no_spatial_context():
    net = PixelDiscriminator(base_channels=8).eval()
    x = torch.randn(1, 3, 8, 8)
    y = x.clone()
    y[..., 0, 0] += 1
    changed = (net(x) != net(y))[0, 0]
    assert changed[0, 0] and changed.sum() == 1


@pytest.mark.parametrize('cls', [NLayerDiscriminator, PixelDiscriminator])
def test_unknown_norm_is_rejected(cls):
    with pytest.raises(ValueError, match='batch, instance, none'):
        cls(norm='layer')


def test_patchgan_needs_at_least_one_layer():
    with pytest.raises(ValueError, match='num_layers'):
        NLayerDiscriminator(num_layers=0)


def test_discriminators_are_registered_under_their_class_names():
    assert isinstance(MODELS.build(dict(type='NLayerDiscriminator', base_channels=8)),
                      NLayerDiscriminator)
    assert isinstance(MODELS.build(dict(type='PixelDiscriminator', base_channels=8)),
                      PixelDiscriminator)
