"""Properties of the U-Net and ResNet generators, the norm factory and weight init."""
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from i2itools.models.common import build_norm, conv_bias, init_weights
from i2itools.models.generators import (ResnetBlock, ResnetGenerator, UnetGenerator,
                                        UnetSkipBlock)
from i2itools.registry import MODELS


def _convs(net):
    return [m for m in net.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]


@pytest.mark.parametrize('size', [32, 48, 64])
@pytest.mark.parametrize('padding_type', ['reflect', 'replicate', 'zero'])
def test_resnet_generator_keeps_size_and_maps_channels(size, padding_type):
    net = ResnetGenerator(1, 2, base_channels=8, num_blocks=2, padding_type=padding_type)
    out = net(torch.randn(2, 1, size, size))
    assert out.shape == (2, 2, size, size)
    assert out.abs().max() <= 1


def test_resnet_block_zero_padding_pads_in_the_convs():
    zero = ResnetBlock(8, 'zero')
    assert not any(isinstance(m, nn.ReflectionPad2d) for m in zero.modules())
    assert all(c.padding == (1, 1) for c in _convs(zero))
    assert isinstance(ResnetBlock(8, 'replicate').conv_block[0], nn.ReplicationPad2d)


def test_resnet_dropout_sits_between_the_block_convs():
    block = ResnetGenerator(base_channels=8, num_blocks=3, use_dropout=True).model[10]
    assert isinstance(block.conv_block[4], nn.Dropout) and block.conv_block[4].p == 0.5
    no_dropout = ResnetGenerator(base_channels=8, num_blocks=3)
    assert not any(isinstance(m, nn.Dropout) for m in no_dropout.modules())


def test_resnet_num_blocks_sets_the_number_of_residual_blocks():
    net = ResnetGenerator(base_channels=8, num_blocks=4)
    assert sum(isinstance(m, ResnetBlock) for m in net.modules()) == 4


def test_resnet_block_adds_its_input():
    block = ResnetBlock(8, norm='none')
    for conv in _convs(block):
        nn.init.zeros_(conv.weight)
    x = torch.randn(1, 8, 16, 16)
    torch.testing.assert_close(block(x), x)


def test_unknown_padding_type_is_rejected():
    with pytest.raises(ValueError, match='reflect, replicate, zero'):
        ResnetGenerator(base_channels=8, padding_type='circular')


@pytest.mark.parametrize('num_downs,size', [(5, 32), (6, 64), (5, 64), ('unet_128', 128)])
def test_unet_generator_keeps_size_and_maps_channels(num_downs, size):
    net = UnetGenerator(3, 1, num_downs=num_downs, base_channels=8)
    assert net(torch.randn(2, 3, size, size)).shape == (2, 1, size, size)


def test_unet_num_downs_sets_the_depth_and_presets_match_the_reference():
    def depth(net):
        return sum(isinstance(m, UnetSkipBlock) for m in net.modules())

    assert depth(UnetGenerator(num_downs=6, base_channels=8)) == 6
    assert depth(UnetGenerator(num_downs='unet_128', base_channels=8)) == 7
    assert depth(UnetGenerator(num_downs='unet_256', base_channels=8)) == 8


def test_unet_dropout_only_in_the_deep_middle_levels():
    net = UnetGenerator(num_downs=7, base_channels=8, use_dropout=True)
    assert sum(isinstance(m, nn.Dropout) for m in net.modules()) == 2


def test_unet_skip_carries_leaky_relu_of_the_input_like_the_reference():
    block = UnetSkipBlock(4, 8, norm='none')
    x = torch.randn(1, 4, 8, 8)
    expected_skip = F.leaky_relu(x, 0.2)
    out = block(x)
    assert out.shape == (1, 8, 8, 8)
    torch.testing.assert_close(out[:, :4], expected_skip)


def test_unet_rejects_bad_depth_and_sizes():
    with pytest.raises(ValueError, match='>= 5'):
        UnetGenerator(num_downs=4)
    with pytest.raises(ValueError, match='unet_128, unet_256'):
        UnetGenerator(num_downs='unet_64')
    with pytest.raises(ValueError, match='divisible by 32'):
        UnetGenerator(num_downs=5, base_channels=8)(torch.randn(1, 3, 48, 40))


@pytest.mark.parametrize('net', [
    ResnetGenerator(base_channels=8, num_blocks=1, norm='none'),
    UnetGenerator(num_downs=5, base_channels=8, norm='none')])
def test_norm_none_leaves_only_the_output_conv_with_bias(net):
    with_bias = [c for c in _convs(net) if c.bias is not None]
    assert len(with_bias) == 1 and with_bias[0].out_channels == 3
    assert not any(isinstance(m, (nn.BatchNorm2d, nn.InstanceNorm2d)) for m in net.modules())


@pytest.mark.parametrize('cls', [ResnetGenerator, UnetGenerator])
def test_instance_norm_convs_have_bias_and_norms_have_no_parameters(cls):
    net = cls(base_channels=8, norm='instance')
    assert all(c.bias is not None for c in _convs(net))
    norms = [m for m in net.modules() if isinstance(m, nn.InstanceNorm2d)]
    assert norms and all(not n.affine and not n.track_running_stats for n in norms)


def test_generators_are_registered_under_their_class_names():
    net = MODELS.build(dict(type='UnetGenerator', num_downs='unet_128', base_channels=8))
    assert isinstance(net, UnetGenerator)
    assert isinstance(MODELS.build(dict(type='ResnetGenerator', base_channels=8)), ResnetGenerator)


def test_norm_factory_and_bias_rule():
    batch = build_norm('batch', 4)
    assert isinstance(batch, nn.BatchNorm2d) and batch.affine and batch.track_running_stats
    assert isinstance(build_norm('none', 4), nn.Identity)
    assert [conv_bias(n) for n in ('batch', 'instance', 'none')] == [False, True, False]


@pytest.mark.parametrize('bad', [lambda: build_norm('group', 4), lambda: conv_bias('layer'),
                                 lambda: UnetGenerator(norm='syncbatch')])
def test_unknown_norm_is_rejected_with_the_valid_names(bad):
    with pytest.raises(ValueError, match='batch, instance, none'):
        bad()


def _big_conv_net():
    return nn.Sequential(nn.Conv2d(64, 128, 4, bias=True), nn.BatchNorm2d(512),
                         nn.ConvTranspose2d(128, 64, 4))


@pytest.mark.parametrize('init_type,gain,expected_std', [
    ('normal', 0.02, 0.02),
    ('xavier', 0.5, 0.5 * math.sqrt(2 / (64 * 16 + 128 * 16))),
    ('kaiming', 0.02, math.sqrt(2 / (64 * 16))),  # the reference ignores the gain here
])
def test_init_types_give_the_expected_weight_statistics(init_type, gain, expected_std):
    torch.manual_seed(0)
    net = init_weights(_big_conv_net(), init_type, gain)
    conv, norm = net[0], net[1]
    assert conv.weight.std().item() == pytest.approx(expected_std, rel=0.05)
    assert conv.weight.mean().abs().item() < expected_std / 10
    assert torch.all(conv.bias == 0) and torch.all(norm.bias == 0)
    assert norm.weight.mean().item() == pytest.approx(1, abs=4 * gain / math.sqrt(512))
    assert norm.weight.std().item() == pytest.approx(gain, rel=0.15)


def test_orthogonal_init_gives_scaled_orthonormal_rows():
    conv = init_weights(nn.Sequential(nn.Conv2d(8, 16, 3)), 'orthogonal', 0.5)[0]
    rows = conv.weight.reshape(16, -1)
    torch.testing.assert_close(rows @ rows.T, 0.25 * torch.eye(16), atol=1e-5, rtol=0)


def test_unknown_init_type_is_rejected_with_the_valid_names():
    with pytest.raises(ValueError, match='normal, xavier, kaiming, orthogonal'):
        init_weights(nn.Conv2d(1, 1, 1), 'uniform')
