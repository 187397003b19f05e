"""A NaN loss never reaches the weights or the optimizer state, decided on the device: with
optimizers that take torch's ``found_inf`` the training step reads no tensor on the host."""
import contextlib
import copy

import pytest
import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict
from torch import nn

import i2itools.models  # noqa: F401  (registers the parts)
from host_reads import host_reads_refused
from i2itools.models.nonfinite_skip import gated_sum
from i2itools.registry import MODELS


class NanSwitchLoss(nn.Module):
    """0 · mean(pred), or NaN · mean(pred) while ``NanSwitchLoss.nan`` is set."""

    nan = False

    def forward(self, pred):
        return pred.mean() * (float('nan') if NanSwitchLoss.nan else 0.0)


MODELS.register_module(module=NanSwitchLoss, force=True)

PIX2PIX = dict(
    type='Translator',
    nets=dict(G=dict(type='UnetGenerator', num_downs=5, base_channels=4),
              D=dict(type='NLayerDiscriminator', in_channels=6, base_channels=4, num_layers=2)),
    branches=dict(s=dict(type='SupervisedBranch', generator='G', source='A', output='fake_B')),
    adversarial=dict(GAN=dict(discriminator='D', fake='fake_B', real='B', condition='A',
                              gan_loss=dict(type='GANLoss', gan_mode='vanilla'), d_weight=0.5)),
    losses=dict(L1=dict(type='L1Loss', loss_weight=100.0, inputs=dict(pred='fake_B', target='B')),
                probe=dict(type='NanSwitchLoss', inputs=dict(pred='fake_B'))),
)

def _model_and_wrappers(fused, accumulative_counts=1):
    torch.manual_seed(0)
    model = MODELS.build(PIX2PIX)
    wrappers = OptimWrapperDict(**{
        name: OptimWrapper(torch.optim.Adam(getattr(model, name).parameters(), lr=2e-4,
                                            betas=(0.5, 0.999), fused=fused),
                           accumulative_counts=accumulative_counts)
        for name in model.generator_names + model.discriminator_names})
    return model, wrappers


def _batch(seed):
    gen = torch.Generator().manual_seed(seed)
    return {k: torch.randint(0, 256, (2, 3, 32, 32), dtype=torch.uint8, generator=gen)
            for k in ('A', 'B')}


def _state(model, wrappers, net):
    """Copies of the net's parameters and its optimizer's state tensors."""
    params = [p.detach().clone() for p in getattr(model, net).parameters()]
    optimizer_state = [v.clone() for s in wrappers[net].optimizer.state.values()
                       for v in s.values()]
    return params + optimizer_state


def _equal(first, second):
    return len(first) == len(second) and all(torch.equal(a, b) for a, b in zip(first, second))


@pytest.fixture
def nan_loss():
    """Switches the probe loss to NaN for the duration of a ``with nan_loss():`` block."""
    @contextlib.contextmanager
    def switched():
        NanSwitchLoss.nan = True
        try:
            yield
        finally:
            NanSwitchLoss.nan = False
    return switched


def test_gated_sum_is_the_plain_sum_bit_for_bit_with_the_same_gradients():
    x = torch.randn(5, requires_grad=True)
    losses = {'a': (x * 3.3).sin().mean(), 'b': x.exp().sum() * 1e-3}
    total, finite = gated_sum(losses)
    (plain_grad,) = torch.autograd.grad(sum(losses.values()), x, retain_graph=True)
    (gated_grad,) = torch.autograd.grad(total, x)
    assert bool(finite) and torch.equal(total, sum(losses.values()))
    assert torch.equal(gated_grad, plain_grad)


def test_nan_makes_every_gradient_of_the_gated_sum_nan():
    x = torch.randn(5, requires_grad=True)
    total, finite = gated_sum({'a': x.sum(), 'b': x.detach().sum() * float('nan')})
    (grad,) = torch.autograd.grad(total, x)  # the NaN term alone would give no gradient
    assert not bool(finite) and torch.isnan(grad).all()


def test_fused_adam_step_with_a_nan_loss_reads_nothing_on_the_host_and_changes_nothing(nan_loss):
    model, wrappers = _model_and_wrappers(fused=True)
    model.train_step(_batch(0), wrappers)  # optimizer states exist from here on
    g_before, d_before = _state(model, wrappers, 'G'), _state(model, wrappers, 'D')
    with host_reads_refused(), nan_loss():
        logs = model.train_step(_batch(1), wrappers)
    assert torch.isnan(logs['loss_probe'])
    assert _equal(_state(model, wrappers, 'G'), g_before)  # G's step was skipped, Adam's too
    assert not _equal(_state(model, wrappers, 'D'), d_before)  # D's losses were finite
    assert all(p.grad is None for p in model.G.parameters())  # the NaN gradients are gone
    with host_reads_refused():
        model.train_step(_batch(2), wrappers)
    assert not _equal(_state(model, wrappers, 'G'), g_before)  # and training goes on


def test_skipping_a_nan_step_equals_never_having_seen_that_batch(nan_loss):
    """Fused (device-side skip) and plain Adam (host read of the flag): the weights after
    steps 0, NaN, 2 are bit for bit those after steps 0, 2."""
    for fused in (True, False):
        skipped, wrappers = _model_and_wrappers(fused)
        clean, clean_wrappers = _model_and_wrappers(fused)
        skipped.train_step(_batch(0), wrappers)
        clean.train_step(_batch(0), clean_wrappers)
        with nan_loss():
            skipped.train_step(_batch(1), wrappers)
        # D stepped on the NaN batch's finite losses: the clean run takes D from the other
        clean.D.load_state_dict(skipped.D.state_dict())
        clean_wrappers['D'].optimizer.load_state_dict(
            copy.deepcopy(wrappers['D'].optimizer.state_dict()))
        skipped.train_step(_batch(2), wrappers)
        clean.train_step(_batch(2), clean_wrappers)
        assert _equal(_state(skipped, wrappers, 'G'), _state(clean, clean_wrappers, 'G')), fused


def test_a_nan_in_one_backward_of_an_accumulation_window_skips_the_whole_window(nan_loss):
    """With accumulation the gradients decide (as in a distributed run): the NaN of the first
    backward pass is still in them when the window's step comes."""
    model, wrappers = _model_and_wrappers(fused=True, accumulative_counts=2)
    for wrapper in wrappers.values():
        wrapper.initialize_count_status(model, 0, 4)
    model.train_step(_batch(0), wrappers)
    model.train_step(_batch(1), wrappers)
    g_before = _state(model, wrappers, 'G')
    with host_reads_refused():
        with nan_loss():
            model.train_step(_batch(2), wrappers)
        model.train_step(_batch(3), wrappers)
    assert _equal(_state(model, wrappers, 'G'), g_before)
