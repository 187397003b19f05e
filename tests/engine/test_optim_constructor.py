"""MultiNetOptimWrapperConstructor gives each trainable net its own wrapper; the bfloat16 wrapper."""
import pytest
import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict, build_optim_wrapper
from mmengine.registry import DefaultScope
from torch import nn

import i2itools.models  # noqa: F401  registers the parts
from i2itools.engine.optimizers import MixedPrecisionOptimWrapper
from i2itools.registry import MODELS, OPTIM_WRAPPER_CONSTRUCTORS, OPTIM_WRAPPERS

ADAM = dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=2e-4, betas=(0.5, 0.999)))


def _translator(extra_nets=None):
    nets = dict(G=dict(type='UnetGenerator', num_downs=5, base_channels=4),
                D=dict(type='NLayerDiscriminator', in_channels=6, base_channels=4))
    nets.update(extra_nets or {})
    return MODELS.build(dict(
        type='Translator', nets=nets,
        branches=dict(s=dict(type='SupervisedBranch')),
        adversarial=dict(GAN=dict(discriminator='D', fake='fake_B', real='B', condition='A')),
        losses=dict(L1=dict(type='L1Loss', loss_weight=100.,
                            inputs=dict(pred='fake_B', target='B')))))


def _with_encoder():
    # An extra generator-side net, standing in for BicycleGAN's E.
    return _translator(dict(E=dict(type='UnetGenerator', num_downs=5, base_channels=4)))


def _constructor(paramwise_cfg=None, **optim_wrapper_cfg):
    return OPTIM_WRAPPER_CONSTRUCTORS.build(dict(
        type='MultiNetOptimWrapperConstructor', optim_wrapper_cfg=optim_wrapper_cfg,
        paramwise_cfg=paramwise_cfg))


def _param_ids(wrapper):
    return {id(p) for group in wrapper.optimizer.param_groups for p in group['params']}


def test_one_wrapper_per_generator_and_discriminator():
    model = _with_encoder()
    wrappers = _constructor(default=ADAM)(model)
    assert isinstance(wrappers, OptimWrapperDict)
    assert set(wrappers.keys()) == {'G', 'E', 'D'}
    for name in ('G', 'E', 'D'):
        assert type(wrappers[name]) is OptimWrapper
        assert _param_ids(wrappers[name]) == {id(p) for p in getattr(model, name).parameters()}


def test_every_net_gets_the_default_optimizer_as_its_own_instance():
    wrappers = _constructor(default=ADAM)(_translator())
    optimizers = [wrappers[name].optimizer for name in ('G', 'D')]
    assert optimizers[0] is not optimizers[1]
    for optimizer in optimizers:
        assert type(optimizer) is torch.optim.Adam
        assert optimizer.defaults['lr'] == 2e-4 and optimizer.defaults['betas'] == (0.5, 0.999)


def test_per_net_override_is_merged_into_the_default():
    wrappers = _constructor(default=ADAM, E=dict(optimizer=dict(lr=1e-4)))(_with_encoder())
    e = wrappers['E'].optimizer
    assert type(e) is torch.optim.Adam
    assert e.defaults['lr'] == 1e-4
    assert e.defaults['betas'] == (0.5, 0.999)   # kept from default, not replaced
    assert wrappers['G'].optimizer.defaults['lr'] == 2e-4
    assert wrappers['D'].optimizer.defaults['lr'] == 2e-4


def test_per_net_override_can_change_the_wrapper_type():
    # Wrappers are built by mmengine's root registry: like the runner, run in our default scope.
    with DefaultScope.overwrite_default_scope('i2itools'):
        wrappers = _constructor(default=ADAM, D=dict(type='MixedPrecisionOptimWrapper'))(_translator())
    assert type(wrappers['D']) is MixedPrecisionOptimWrapper
    assert type(wrappers['G']) is OptimWrapper
    assert wrappers['D'].optimizer.defaults['betas'] == (0.5, 0.999)


def test_building_leaves_the_given_config_unchanged():
    default = dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=2e-4))
    override = dict(optimizer=dict(lr=1e-4))
    constructor = _constructor(default=default, E=override)
    constructor(_with_encoder())
    constructor(_with_encoder())
    assert default == dict(type='OptimWrapper', optimizer=dict(type='Adam', lr=2e-4))
    assert override == dict(optimizer=dict(lr=1e-4))


def test_override_for_an_unknown_net_is_an_error_naming_it():
    with pytest.raises(KeyError, match=r"\['E'\].*not trainable nets"):
        _constructor(default=ADAM, E=dict(optimizer=dict(lr=1e-4)))(_translator())


def test_missing_default_is_an_error_that_shows_an_example():
    with pytest.raises(KeyError, match='optim_wrapper.default'):
        _constructor(G=ADAM)


def test_paramwise_cfg_reaches_every_net():
    model = _translator()
    wrappers = _constructor(default=ADAM, paramwise_cfg=dict(bias_lr_mult=2.))(model)
    for name in ('G', 'D'):
        lr_of = {id(p): g['lr'] for g in wrappers[name].optimizer.param_groups for p in g['params']}
        convs = [m for m in getattr(model, name).modules() if isinstance(m, nn.modules.conv._ConvNd)]
        biases = [c.bias for c in convs if c.bias is not None]
        assert biases, f'{name} has no conv bias to check'
        assert {lr_of[id(b)] for b in biases} == {4e-4}
        assert {lr_of[id(c.weight)] for c in convs} == {2e-4}


def test_mmengine_build_optim_wrapper_finds_the_constructor_from_the_config():
    # The runner's path: optim_wrapper=dict(constructor=..., default=..., <net>=...).
    cfg = dict(constructor='MultiNetOptimWrapperConstructor', default=ADAM,
               G=dict(optimizer=dict(lr=1e-3)))
    with DefaultScope.overwrite_default_scope('i2itools'):
        wrappers = build_optim_wrapper(_translator(), cfg)
    assert set(wrappers.keys()) == {'G', 'D'}
    assert wrappers['G'].optimizer.defaults['lr'] == 1e-3


# -------------------------------------------------------------------- MixedPrecisionOptimWrapper
def _mixed(model):
    return OPTIM_WRAPPERS.build(dict(type='MixedPrecisionOptimWrapper',
                                     optimizer=torch.optim.Adam(model.parameters(), lr=1e-3)))


@pytest.fixture
def no_cuda(monkeypatch):
    """The CPU path, even on a machine with a GPU."""
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)


@pytest.mark.parametrize('layer,shape', [(nn.Conv2d(3, 4, 3), (1, 3, 5, 5)), (nn.Linear(3, 4), (2, 3))])
def test_optim_context_runs_conv_and_linear_in_bfloat16_on_cpu(no_cuda, layer, shape):
    wrapper = _mixed(layer)
    x = torch.randn(shape)
    with wrapper.optim_context(layer):
        assert layer(x).dtype == torch.bfloat16
    assert layer(x).dtype == torch.float32   # only inside the context


def test_weights_gradients_and_steps_stay_float32(no_cuda):
    layer = nn.Linear(3, 4)
    wrapper = _mixed(layer)
    before = layer.weight.detach().clone()
    with wrapper.optim_context(layer):
        out = layer(torch.randn(2, 3))
    assert out.dtype == torch.bfloat16
    out.float().square().mean().backward()
    assert layer.weight.grad.dtype == torch.float32
    wrapper.step()
    assert layer.weight.dtype == torch.float32 and not torch.equal(layer.weight, before)
    assert wrapper.optimizer.state[layer.weight]['exp_avg'].dtype == torch.float32


@pytest.mark.parametrize('dtype', ['float32', torch.float64, 'half'])
def test_other_dtypes_are_rejected(dtype):
    layer = nn.Linear(3, 4)
    with pytest.raises(ValueError, match="dtype must be 'bfloat16' or 'float16'"):
        MixedPrecisionOptimWrapper(dtype=dtype, optimizer=torch.optim.Adam(layer.parameters()))
