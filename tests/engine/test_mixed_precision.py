"""enable_mixed_precision (--amp) switches every wrapper of a config, or refuses loudly."""
import pytest
from mmengine.config import Config
from mmengine.optim import OptimWrapper
from mmengine.registry import DefaultScope

import i2itools.models  # noqa: F401  registers the parts
from i2itools.engine.mixed_precision import enable_mixed_precision
from i2itools.engine.optimizers import MixedPrecisionOptimWrapper
from i2itools.registry import MODELS, OPTIM_WRAPPER_CONSTRUCTORS

ADAM = dict(type='Adam', lr=2e-4, betas=(0.5, 0.999))
MIXED = 'MixedPrecisionOptimWrapper'


def _cfg(optim_wrapper):
    return Config(dict(optim_wrapper=optim_wrapper))


def test_single_wrapper_config_is_switched():
    cfg = enable_mixed_precision(_cfg(dict(type='OptimWrapper', optimizer=ADAM)))
    assert cfg.optim_wrapper.type == MIXED
    assert cfg.optim_wrapper.optimizer.lr == 2e-4   # the rest is untouched


def test_wrapper_without_type_counts_as_plain_and_is_switched():
    cfg = enable_mixed_precision(_cfg(dict(optimizer=ADAM)))
    assert cfg.optim_wrapper.type == MIXED


def test_switching_twice_keeps_mixed_precision():
    cfg = enable_mixed_precision(enable_mixed_precision(_cfg(dict(type='OptimWrapper', optimizer=ADAM))))
    assert cfg.optim_wrapper.type == MIXED


def test_multi_net_default_and_typed_overrides_are_switched():
    cfg = enable_mixed_precision(_cfg(dict(
        constructor='MultiNetOptimWrapperConstructor',
        default=dict(type='OptimWrapper', optimizer=ADAM),
        D=dict(type='OptimWrapper', optimizer=dict(lr=1e-4)),
        E=dict(optimizer=dict(lr=1e-4)))))
    ow = cfg.optim_wrapper
    assert ow.default.type == MIXED
    assert ow.D.type == MIXED
    assert 'type' not in ow.E   # an untyped override inherits the (now mixed) default
    assert ow.constructor == 'MultiNetOptimWrapperConstructor'


@pytest.mark.parametrize('where', ['single', 'default', 'override'])
def test_unknown_wrapper_type_is_refused_naming_it(where):
    amp = dict(type='AmpOptimWrapper', optimizer=ADAM)
    plain = dict(type='OptimWrapper', optimizer=ADAM)
    optim_wrapper = {'single': amp,
                     'default': dict(default=amp),
                     'override': dict(default=plain, G=amp)}[where]
    with pytest.raises(ValueError, match="'AmpOptimWrapper'"):
        enable_mixed_precision(_cfg(optim_wrapper))


def test_switched_multi_net_config_builds_mixed_wrappers_for_every_net():
    cfg = enable_mixed_precision(_cfg(dict(
        constructor='MultiNetOptimWrapperConstructor',
        default=dict(type='OptimWrapper', optimizer=ADAM),
        G=dict(optimizer=dict(lr=1e-4)))))
    model = MODELS.build(dict(
        type='Translator',
        nets=dict(G=dict(type='UnetGenerator', num_downs=5, base_channels=4),
                  D=dict(type='NLayerDiscriminator', in_channels=6, base_channels=4)),
        branches=dict(s=dict(type='SupervisedBranch')),
        adversarial=dict(GAN=dict(discriminator='D', fake='fake_B', real='B', condition='A'))))
    ow = cfg.optim_wrapper.to_dict()
    ow.pop('constructor')
    with DefaultScope.overwrite_default_scope('i2itools'):
        wrappers = OPTIM_WRAPPER_CONSTRUCTORS.build(dict(
            type='MultiNetOptimWrapperConstructor', optim_wrapper_cfg=ow))(model)
    assert {type(wrappers[n]) for n in ('G', 'D')} == {MixedPrecisionOptimWrapper}
    assert isinstance(wrappers['G'], OptimWrapper)
    assert wrappers['G'].optimizer.defaults['lr'] == 1e-4
