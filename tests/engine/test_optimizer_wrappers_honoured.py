"""Each training step goes through the nets' optimizer wrappers: gradient accumulation and float16
loss scaling do what mmengine documents, and combinations that cannot work are refused at build."""
import copy

import pytest
import torch
from mmengine.optim import build_optim_wrapper
from mmengine.registry import DefaultScope

import i2itools.models  # noqa: F401  registers the parts
from gradient_recording import RecordingAdam
from i2itools.engine.optimizers import StepLossScaler
from i2itools.registry import MODELS, OPTIMIZERS

#: pix2pix with instance norm and no dropout, generator first: every loss is a mean of
#: per-sample terms and no net steps inside the accumulation window, so one batch of 2 and two
#: accumulated batches of 1 give the same gradients. (With pix2pix's D-first order, D steps at the
#: end of the window before the G step of its last batch, which then sees the new D.)
PIX2PIX = dict(
    type='Translator',
    nets=dict(G=dict(type='UnetGenerator', num_downs=5, base_channels=4, norm='instance',
                     use_dropout=False),
              D=dict(type='NLayerDiscriminator', in_channels=6, base_channels=4, num_layers=2,
                     norm='instance')),
    branches=dict(s=dict(type='SupervisedBranch')),
    adversarial=dict(GAN=dict(discriminator='D', fake='fake_B', real='B', condition='A',
                              gan_loss=dict(type='GANLoss', gan_mode='vanilla'))),
    losses=dict(L1=dict(type='L1Loss', loss_weight=100., inputs=dict(pred='fake_B', target='B'))),
    train_order=('G', 'D'))
#: BicycleGAN's four nets at their smallest: G and E are trained by one backward pass
BICYCLE = dict(
    type='Translator',
    nets=dict(G=dict(type='ZUnetGenerator', nz=8, num_downs=5, base_channels=4),
              D=dict(type='NLayerDiscriminator', base_channels=4, num_layers=2),
              E=dict(type='ResnetEncoder', out_channels=8, base_channels=4, num_blocks=2,
                     vae_like=True)),
    branches=dict(encoded=dict(type='EncodedBranch', source='A', target='B')),
    adversarial=dict(GAN=dict(discriminator='D', fake='fake_B_encoded', real='B')),
    losses=dict(L1=dict(type='L1Loss', inputs=dict(pred='fake_B_encoded', target='B')),
                KL=dict(type='KLDivergenceLoss', inputs=dict(mu='mu', logvar='logvar'))))


@pytest.fixture(autouse=True)
def recording_adam():
    """``type='RecordingAdam'`` in the optimizer configs of these tests, built in our scope."""
    OPTIMIZERS.register_module(module=RecordingAdam, force=True)
    with DefaultScope.overwrite_default_scope('i2itools'):
        yield
    OPTIMIZERS._module_dict.pop('RecordingAdam')


def _wrappers(model, **wrapper):
    default = dict(dict(type='OptimWrapper', optimizer=dict(type='RecordingAdam')), **wrapper)
    return build_optim_wrapper(model, dict(constructor='MultiNetOptimWrapperConstructor',
                                           default=default))


def _batch(seed, size=2):
    gen = torch.Generator().manual_seed(seed)
    return {k: torch.randint(0, 256, (size, 3, 32, 32), dtype=torch.uint8, generator=gen)
            for k in ('A', 'B')}


def test_accumulating_two_batches_of_one_equals_one_batch_of_two():
    torch.manual_seed(0)
    whole = MODELS.build(PIX2PIX)
    accumulated = copy.deepcopy(whole)
    once, twice = _wrappers(whole), _wrappers(accumulated, accumulative_counts=2)
    batch = _batch(0)
    whole.train_step(batch, once)
    for half in (slice(0, 1), slice(1, 2)):
        accumulated.train_step({k: v[half] for k, v in batch.items()}, twice)
    for name in ('G', 'D'):
        (expected,), (got,) = once[name].optimizer.grads, twice[name].optimizer.grads
        for mine, theirs in zip(got, expected):   # gradients of order 1; summed in another order
            torch.testing.assert_close(mine, theirs, rtol=1e-5, atol=1e-5, msg=name)
        assert twice[name].inner_count == 2


def test_no_step_before_the_accumulation_window_is_full():
    model = MODELS.build(PIX2PIX)
    wrappers = _wrappers(model, accumulative_counts=2)
    before = [p.clone() for p in model.G.parameters()]
    model.train_step(_batch(0, size=1), wrappers)
    assert all(torch.equal(a, b) for a, b in zip(before, model.G.parameters()))
    assert wrappers['G'].optimizer.grads == []   # nothing stepped yet, gradients kept
    assert all(p.grad is not None for p in model.G.parameters())


def test_float16_wrapper_defaults_to_a_dynamic_loss_scale():
    wrappers = _wrappers(MODELS.build(PIX2PIX), type='MixedPrecisionOptimWrapper', dtype='float16')
    assert wrappers['G'].loss_scaler.get_scale() == 2.0 ** 16
    assert wrappers['G'].cast_dtype == torch.float16


def test_float16_wrapper_scales_the_loss_and_steps_on_unscaled_gradients():
    torch.manual_seed(0)
    model = MODELS.build(PIX2PIX)
    plain = copy.deepcopy(model)
    half = _wrappers(model, type='MixedPrecisionOptimWrapper', dtype='float16',
                     loss_scale=dict(init_scale=1024.0))
    full = _wrappers(plain)
    scaler = half['G'].loss_scaler
    for it in range(3):
        model.train_step(_batch(it), half)
        plain.train_step(_batch(it), full)
    assert scaler.state_dict()['_growth_tracker'] == 3   # three steps without inf, counted once
    first_half, first_full = half['G'].optimizer.grads[0], full['G'].optimizer.grads[0]
    ratio = torch.cat([g.flatten() for g in first_half]).norm() / torch.cat(
        [g.flatten() for g in first_full]).norm()
    assert 0.9 < float(ratio) < 1.1   # unscaled before the step (scaled, it would be 65536)
    assert all(torch.isfinite(p).all() for p in model.parameters())


def test_float16_skips_a_step_with_inf_gradients_and_lowers_the_scale():
    model = MODELS.build(PIX2PIX)
    wrappers = _wrappers(model, type='MixedPrecisionOptimWrapper', dtype='float16',
                         loss_scale=dict(init_scale=2.0 ** 120))   # overflows the gradients
    before = [p.clone() for p in model.G.parameters()]
    model.train_step(_batch(0), wrappers)
    assert wrappers['G'].loss_scaler.get_scale() == 2.0 ** 119
    assert all(torch.equal(a, b) for a, b in zip(before, model.G.parameters()))


def test_the_nets_of_one_step_share_one_loss_scale_updated_once_per_step():
    model = MODELS.build(BICYCLE)
    wrappers = _wrappers(model, type='MixedPrecisionOptimWrapper', dtype='float16',
                         loss_scale=dict(init_scale=1024.0))
    assert isinstance(wrappers['G'].loss_scaler, StepLossScaler)
    assert wrappers['G'].loss_scaler is wrappers['E'].loss_scaler
    assert wrappers['D'].loss_scaler is not wrappers['G'].loss_scaler
    for it in range(2):
        model.train_step(_batch(it), wrappers)
    assert wrappers['G'].loss_scaler.state_dict()['_growth_tracker'] == 2
    assert len(wrappers['E'].optimizer.grads) == 2


def test_different_accumulation_in_one_step_is_refused():
    model = MODELS.build(BICYCLE)
    cfg = dict(constructor='MultiNetOptimWrapperConstructor',
               default=dict(type='OptimWrapper', optimizer=dict(type='Adam')),
               E=dict(accumulative_counts=2))
    with pytest.raises(ValueError, match=r"G step \(G, E\).*same accumulative_counts"):
        build_optim_wrapper(model, cfg)


def test_loss_scaling_for_some_nets_of_a_step_only_is_refused():
    model = MODELS.build(BICYCLE)
    cfg = dict(constructor='MultiNetOptimWrapperConstructor',
               default=dict(type='OptimWrapper', optimizer=dict(type='Adam')),
               E=dict(type='MixedPrecisionOptimWrapper', dtype='float16'))
    with pytest.raises(ValueError, match=r"G step \(G, E\).*same loss scaling"):
        build_optim_wrapper(model, cfg)


def test_mmengine_amp_wrapper_on_a_cpu_is_refused_with_the_cpu_alternative(monkeypatch):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    model = MODELS.build(PIX2PIX)
    cfg = dict(constructor='MultiNetOptimWrapperConstructor',
               default=dict(type='AmpOptimWrapper', optimizer=dict(type='Adam')))
    with pytest.raises(ValueError, match="AmpOptimWrapper needs a GPU.*MixedPrecisionOptimWrapper"):
        build_optim_wrapper(model, cfg)


def test_the_run_length_and_position_reach_every_wrapper():
    model = MODELS.build(BICYCLE)
    wrappers = _wrappers(model, accumulative_counts=2)
    wrappers.initialize_count_status(model, 4, 9)
    assert {name: (w.inner_count, w._max_counts) for name, w in wrappers.items()} == {
        'G': (4, 9), 'E': (4, 9), 'D': (4, 9)}
