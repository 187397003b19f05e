"""Properties of the BicycleGAN networks: z-conditioned U-Nets, multi-scale D and the encoders."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from i2itools.models.common import optional_norm, upsample_layers
from i2itools.models.discriminators import MultiScaleDiscriminator
from i2itools.models.encoders import ConvEncoder, ResidualDownBlock, ResnetEncoder
from i2itools.models.generators import ZUnetGenerator
from i2itools.models.injection import (AllInjection, AllInjectionBlock, InputInjection,
                                       InputInjectionBlock)
from i2itools.registry import MODELS

NORM_LAYERS = (nn.BatchNorm2d, nn.InstanceNorm2d, nn.Identity)
#: the smallest U-Net both injections allow, and the image size it needs
SMALLEST_DOWNS, SMALLEST_SIZE = 5, 32


def _generator(injection='all', nz=2, **kwargs):
    kwargs = dict(dict(num_downs=SMALLEST_DOWNS, base_channels=4), **kwargs)
    return ZUnetGenerator(nz=nz, injection=injection, **kwargs), SMALLEST_SIZE


def _down_convs(net):
    """The 4x4 stride-2 convs of a U-Net, outermost first."""
    return [m for m in net.modules() if isinstance(m, nn.Conv2d) and m.stride == (2, 2)]


# ---------------------------------------------------------------- z-conditioned U-Net generator

@pytest.mark.parametrize('upsample', ['basic', 'bilinear'])
@pytest.mark.parametrize('nz', [0, 2, 8])
@pytest.mark.parametrize('injection', ['input', 'all'])
def test_z_unet_keeps_size_maps_channels_and_stays_in_tanh_range(injection, nz, upsample):
    net, size = _generator(injection, nz, in_channels=1, out_channels=2, upsample=upsample)
    z = torch.randn(2, nz) if nz else None
    out = net(torch.randn(2, 1, size, size), z)
    assert out.shape == (2, 2, size, size)
    assert out.abs().max() <= 1


@pytest.mark.parametrize('injection', ['input', 'all'])
@pytest.mark.parametrize('num_downs,size', [('unet_128', 128), ('unet_256', 256), (7, 128)])
def test_z_unet_reference_depths_reach_one_pixel_and_come_back(injection, num_downs, size):
    net = ZUnetGenerator(nz=2, num_downs=num_downs, base_channels=4, injection=injection)
    assert len(_down_convs(net)) == {'unet_128': 7, 'unet_256': 8, 7: 7}[num_downs]
    out = net(torch.randn(1, 3, size, size), torch.randn(1, 2))
    assert out.shape == (1, 3, size, size)


@pytest.mark.parametrize('injection', ['input', 'all'])
def test_z_unet_output_depends_on_z(injection):
    net, size = _generator(injection, nz=8)
    x = torch.randn(2, 3, size, size)
    assert not torch.allclose(net(x, torch.zeros(2, 8)), net(x, torch.ones(2, 8)))


def test_input_injection_appends_z_to_the_image_only():
    net, _ = _generator('input', nz=8, in_channels=1)
    assert [c.in_channels for c in _down_convs(net)] == [1 + 8, 4, 8, 16, 32]


def test_all_injection_appends_z_to_every_down_conv():
    net, _ = _generator('all', nz=8, in_channels=1)
    assert [c.in_channels for c in _down_convs(net)] == [1 + 8, 4 + 8, 8 + 8, 16 + 8, 32 + 8]


@pytest.mark.parametrize('injection', ['input', 'all'])
def test_z_unet_without_z_needs_none_and_ignores_one_given(injection):
    net, size = _generator(injection, nz=0)
    x = torch.randn(2, 3, size, size)
    torch.testing.assert_close(net(x), net(x, torch.randn(2, 5)))


def test_z_unet_without_z_is_built_by_input_injection_like_the_reference():
    net, _ = _generator('all', nz=0)
    assert isinstance(net.injection, InputInjection)
    assert isinstance(net.model, InputInjectionBlock)


@pytest.mark.parametrize('injection', ['input', 'all'])
def test_z_unet_with_z_refuses_a_missing_z(injection):
    net, size = _generator(injection, nz=2)
    with pytest.raises(ValueError, match=r'needs a latent code.*\(N, 2\)'):
        net(torch.randn(1, 3, size, size))


@pytest.mark.parametrize('z_shape', [(2, 3), (2, 2, 1, 1), (1, 2)])
def test_z_unet_refuses_a_z_of_the_wrong_shape(z_shape):
    net, size = _generator('all', nz=2)
    with pytest.raises(ValueError, match=r'needs z of shape \(2, 2\)'):
        net(torch.randn(2, 3, size, size), torch.randn(*z_shape))


def test_z_unet_refuses_sizes_it_cannot_halve_enough():
    net, _ = _generator('input', nz=2)
    with pytest.raises(ValueError, match='divisible by 32'):
        net(torch.randn(1, 3, 48, 48), torch.randn(1, 2))


def test_injections_refuse_fewer_than_five_downsamplings():
    for injection in ('input', 'all'):
        with pytest.raises(ValueError, match='num_downs >= 5'):
            ZUnetGenerator(nz=2, num_downs=4, base_channels=4, injection=injection)


def test_all_injection_with_five_downsamplings_builds_five_levels_unlike_the_reference():
    # the reference's G_Unet_add_all always adds one middle level, so 5 would give it 6
    net = ZUnetGenerator(nz=2, num_downs=5, base_channels=4, injection='all')
    assert len(_down_convs(net)) == 5


def test_z_unet_takes_an_injection_config_dict():
    by_name, _ = _generator('input', nz=2)
    by_cfg = ZUnetGenerator(nz=2, num_downs=5, base_channels=4,
                            injection=dict(type='InputInjection'))
    assert isinstance(by_cfg.injection, InputInjection)
    assert list(by_cfg.state_dict()) == list(by_name.state_dict())


def test_z_unet_takes_any_object_with_a_build_method_as_injection():
    class Reversed(InputInjection):
        def build(self, *args):
            self.args = args
            return super().build(*args)

    injection = Reversed()
    net = ZUnetGenerator(nz=2, num_downs=5, base_channels=4, injection=injection)
    assert net.injection is injection
    assert injection.args == (3, 3, 2, 5, 4, 'instance', 'relu', False, 'basic')


def test_z_unet_rejects_unknown_injections_and_options():
    with pytest.raises(ValueError, match="input, all or a config dict"):
        ZUnetGenerator(injection='middle')
    with pytest.raises(TypeError, match='no build'):
        ZUnetGenerator(injection=object())
    with pytest.raises(ValueError, match='relu, lrelu, elu'):
        ZUnetGenerator(nonlinearity='gelu')
    with pytest.raises(ValueError, match='basic, bilinear'):
        ZUnetGenerator(upsample='nearest')
    with pytest.raises(ValueError, match='unet_128, unet_256'):
        ZUnetGenerator(num_downs='unet_64')


@pytest.mark.parametrize('injection', ['input', 'all'])
def test_z_unet_upsample_chooses_transposed_or_bilinear_convs(injection):
    basic, _ = _generator(injection, upsample='basic')
    bilinear, _ = _generator(injection, upsample='bilinear')
    assert not any(isinstance(m, nn.Upsample) for m in basic.modules())
    assert not any(isinstance(m, nn.ConvTranspose2d) for m in bilinear.modules())
    num_upsamples = sum(isinstance(m, nn.Upsample) for m in bilinear.modules())
    assert num_upsamples == len(_down_convs(bilinear)) == SMALLEST_DOWNS


@pytest.mark.parametrize('injection', ['input', 'all'])
def test_z_unet_dropout_sits_in_the_deep_middle_levels(injection):
    net = ZUnetGenerator(nz=2, num_downs=8, base_channels=4, use_dropout=True,
                         injection=injection)
    assert sum(isinstance(m, nn.Dropout) for m in net.modules()) == 8 - 5
    plain, _ = _generator(injection)
    assert not any(isinstance(m, nn.Dropout) for m in plain.modules())


@pytest.mark.parametrize('nonlinearity,layer', [('relu', nn.ReLU), ('lrelu', nn.LeakyReLU),
                                                 ('elu', nn.ELU)])
def test_z_unet_nonlinearity_is_the_activation_before_each_upsampling(nonlinearity, layer):
    net, _ = _generator('all', nonlinearity=nonlinearity)
    blocks = [m for m in net.modules() if isinstance(m, AllInjectionBlock)]
    assert all(type(b.up[0]) is layer and b.up[0].inplace for b in blocks)


@pytest.mark.parametrize('injection', ['input', 'all'])
@pytest.mark.parametrize('norm,nonlinearity', [('batch', 'relu'), ('instance', 'lrelu'),
                                               ('none', 'elu'), ('none', 'lrelu')])
def test_z_unet_in_place_activations_leave_the_graph_differentiable(injection, norm,
                                                                     nonlinearity):
    net, size = _generator(injection, nz=2, norm=norm, nonlinearity=nonlinearity)
    x = torch.randn(2, 3, size, size, requires_grad=True)
    net(x, torch.randn(2, 2, requires_grad=True)).sum().backward()
    assert x.grad is not None and all(p.grad is not None for p in net.parameters())


def test_all_injection_tree_without_z_runs_and_trains():
    # ZUnetGenerator never builds it (nz=0 means InputInjection), but the part itself allows it
    tree = AllInjection().build(3, 3, 0, 5, 4, 'none', 'lrelu', False, 'basic')
    x = torch.randn(1, 3, 32, 32, requires_grad=True)
    tree(x, None).sum().backward()
    assert x.grad is not None and tree.down[0].in_channels == 3


def test_input_injection_skip_carries_the_leaky_relu_of_the_input_as_the_reference():
    # the block's in-place LeakyReLU rewrites its input before the concatenation reads it
    block = InputInjectionBlock(4, 4, 8, nonlinearity='lrelu', norm='none')
    x = torch.randn(1, 4, 8, 8)
    expected_skip = F.leaky_relu(x, 0.2)
    out = block(x)
    torch.testing.assert_close(out[:, 4:], expected_skip)


def test_all_injection_skip_carries_the_input_itself_when_z_is_appended():
    # the in-place LeakyReLU rewrites the concatenation with z, not the input
    block = AllInjectionBlock(4, 4, 8, nz=2, nonlinearity='lrelu', norm='none')
    x = torch.randn(1, 4, 8, 8)
    expected_skip = x.clone()
    out = block(x, torch.randn(1, 2))
    torch.testing.assert_close(out[:, 4:], expected_skip)


@pytest.mark.parametrize('injection', ['input', 'all'])
def test_norm_none_adds_no_layer_at_all(injection):
    net, _ = _generator(injection, norm='none')
    assert not any(isinstance(m, NORM_LAYERS) for m in net.modules())
    with_norm, _ = _generator(injection, norm='instance')
    assert len(list(net.modules())) < len(list(with_norm.modules()))


def test_norm_none_shifts_the_reference_indices():
    net, _ = _generator('input', norm='none')
    # middle block: LeakyReLU, conv, submodule, activation, upconv (no norms in between)
    middle = net.model.model[1].model
    assert isinstance(middle[2], InputInjectionBlock)
    assert isinstance(middle[4], nn.ConvTranspose2d) and len(middle) == 5


def test_optional_norm_and_upsample_layers():
    assert optional_norm('none', 4) == []
    assert isinstance(optional_norm('batch', 4)[0], nn.BatchNorm2d)
    with pytest.raises(ValueError, match='batch, instance, none'):
        optional_norm('group', 4)
    up = nn.Sequential(*upsample_layers(4, 2, 'bilinear'))
    assert up(torch.randn(1, 4, 5, 5)).shape == (1, 2, 10, 10)


# ---------------------------------------------------------------- multi-scale discriminator

def test_multiscale_discriminator_scores_each_scale_finest_first():
    net = MultiScaleDiscriminator(6, base_channels=8, num_layers=2, num_scales=3)
    outputs = net(torch.randn(2, 6, 64, 64))
    assert isinstance(outputs, list) and len(outputs) == 3
    # 2 stride-2 convs then two 4x4 stride-1 convs: s / 4 - 2; each scale halves s
    assert [tuple(o.shape) for o in outputs] == [(2, 1, 14, 14), (2, 1, 6, 6), (2, 1, 2, 2)]


def test_multiscale_discriminator_halves_the_width_at_each_scale():
    net = MultiScaleDiscriminator(3, base_channels=8, num_layers=3, num_scales=3)
    assert [getattr(net, f'model_{i}')[0].out_channels for i in range(3)] == [8, 4, 2]


def test_multiscale_discriminator_with_one_scale_returns_a_tensor():
    net = MultiScaleDiscriminator(3, base_channels=8, num_layers=3, num_scales=1)
    out = net(torch.randn(1, 3, 64, 64))
    assert isinstance(out, torch.Tensor) and out.shape == (1, 1, 6, 6)
    assert hasattr(net, 'model') and not hasattr(net, 'model_0')


def test_multiscale_discriminator_norm_none_adds_no_layer_and_keeps_biases():
    net = MultiScaleDiscriminator(3, base_channels=8, num_layers=3, norm='none', num_scales=1)
    assert not any(isinstance(m, NORM_LAYERS) for m in net.modules())
    assert all(m.bias is not None for m in net.modules() if isinstance(m, nn.Conv2d))
    assert [i for i, m in enumerate(net.model) if isinstance(m, nn.Conv2d)] == [0, 2, 4, 6, 8]


def test_multiscale_discriminator_refuses_scales_without_channels():
    with pytest.raises(ValueError, match='0 channels'):
        MultiScaleDiscriminator(3, base_channels=2, num_scales=4)


# ---------------------------------------------------------------- encoders

@pytest.mark.parametrize('encoder,depth,size', [
    (ResnetEncoder, 'resnet_128', 128), (ResnetEncoder, 2, 32),
    (ConvEncoder, 'conv_128', 128), (ConvEncoder, 2, 32)])
def test_vae_encoder_gives_mu_and_logvar(encoder, depth, size):
    net = encoder(3, out_channels=5, base_channels=4, **{_depth_arg(encoder): depth})
    assert net.vae_like
    mu, logvar = net(torch.randn(2, 3, size, size))
    assert mu.shape == logvar.shape == (2, 5)
    assert not torch.allclose(mu, logvar)


@pytest.mark.parametrize('encoder', [ResnetEncoder, ConvEncoder])
def test_point_encoder_gives_z_and_none(encoder):
    net = encoder(3, out_channels=5, base_channels=4, vae_like=False,
                  **{_depth_arg(encoder): 2})
    z, logvar = net(torch.randn(2, 3, 32, 32))
    assert z.shape == (2, 5) and logvar is None
    assert not any('fcVar' in k for k in net.state_dict())


@pytest.mark.parametrize('encoder', [ResnetEncoder, ConvEncoder])
def test_encoder_refuses_inputs_that_do_not_pool_to_one_pixel(encoder):
    net = encoder(3, base_channels=4, **{_depth_arg(encoder): 2})
    with pytest.raises(ValueError, match='resize the images to 32x32'):
        net(torch.randn(1, 3, 64, 64))


@pytest.mark.parametrize('encoder,preset', [(ResnetEncoder, 'conv_128'), (ConvEncoder, 'x')])
def test_encoder_rejects_unknown_presets(encoder, preset):
    with pytest.raises(ValueError, match='preset'):
        encoder(**{_depth_arg(encoder): preset})


@pytest.mark.parametrize('encoder', [ResnetEncoder, ConvEncoder])
@pytest.mark.parametrize('norm', ['batch', 'instance', 'none'])
def test_encoder_in_place_activations_leave_the_graph_differentiable(encoder, norm):
    net = encoder(3, base_channels=4, norm=norm, **{_depth_arg(encoder): 2})
    x = torch.randn(2, 3, 32, 32, requires_grad=True)
    mu, logvar = net(x)
    (mu.sum() + logvar.sum()).backward()
    assert x.grad is not None and all(p.grad is not None for p in net.parameters())


def test_encoder_norm_none_adds_no_layer_at_all():
    for net in (ResnetEncoder(base_channels=4, num_blocks=3, norm='none'),
                ConvEncoder(base_channels=4, num_layers=3, norm='none')):
        assert not any(isinstance(m, NORM_LAYERS) for m in net.modules())


def test_residual_block_without_norm_shortcuts_the_activated_input_as_the_reference():
    # with no norm first, the block's in-place activation rewrites x before the shortcut reads it
    block = ResidualDownBlock(4, 8, norm='none')
    x = torch.randn(1, 4, 8, 8)
    activated = F.leaky_relu(x, 0.2)
    expected = block.conv[1:](activated.clone()) + block.shortcut(activated)
    torch.testing.assert_close(block(x), expected)


def _depth_arg(encoder):
    return 'num_blocks' if encoder is ResnetEncoder else 'num_layers'


# ---------------------------------------------------------------- registry

@pytest.mark.parametrize('cfg,cls', [
    (dict(type='ZUnetGenerator', nz=2, num_downs=6, base_channels=4), ZUnetGenerator),
    (dict(type='MultiScaleDiscriminator', base_channels=4), MultiScaleDiscriminator),
    (dict(type='ResnetEncoder', base_channels=4, num_blocks='resnet_256'), ResnetEncoder),
    (dict(type='ConvEncoder', base_channels=4, num_layers='conv_256'), ConvEncoder),
    (dict(type='InputInjection'), InputInjection),
    (dict(type='AllInjection'), AllInjection),
])
def test_bicycle_parts_build_from_the_registry(cfg, cls):
    assert type(MODELS.build(cfg)) is cls
