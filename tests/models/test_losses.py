"""GANLoss, GradientPenalty, L1Loss and MSELoss against values written out by hand."""
import math

import pytest
import torch
from torch import nn

from i2itools.models.losses import GANLoss, GradientPenalty, L1Loss, MSELoss
from i2itools.registry import MODELS


def _pred(seed=0, shape=(2, 1, 3, 3)):
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed)) * 2


def _v(x):
    return float(x.detach()) if torch.is_tensor(x) else float(x)


def _close(a, b, rel_tol=1e-6):
    return math.isclose(_v(a), _v(b), rel_tol=rel_tol, abs_tol=1e-7)


# ------------------------------------------------------------------------------------ GANLoss
def test_vanilla_is_bce_with_logits_against_one_for_real_and_zero_for_fake():
    x = _pred()
    # BCE(sigmoid(x), 1) = log(1 + e^-x); BCE(sigmoid(x), 0) = log(1 + e^x)
    real = torch.log(1 + torch.exp(-x.double())).mean()
    fake = torch.log(1 + torch.exp(x.double())).mean()
    loss = GANLoss('vanilla')
    assert _close(loss(x, True), real)
    assert _close(loss(x, False), fake)
    assert _close(loss(x, True, for_discriminator=False), real)


def test_lsgan_is_mse_against_one_for_real_and_zero_for_fake():
    x = _pred()
    loss = GANLoss('lsgan')
    assert _close(loss(x, True), ((x.double() - 1) ** 2).mean())
    assert _close(loss(x, False), (x.double() ** 2).mean())
    assert _close(loss(x, True, for_discriminator=False), ((x.double() - 1) ** 2).mean())


def test_custom_labels_replace_the_targets():
    x = _pred()
    loss = GANLoss('lsgan', real_label=0.9, fake_label=0.1)
    assert _close(loss(x, True), ((x.double() - 0.9) ** 2).mean())
    assert _close(loss(x, False), ((x.double() - 0.1) ** 2).mean())


@pytest.mark.parametrize('for_discriminator', [True, False])
def test_wgangp_is_minus_mean_for_real_and_plus_mean_for_fake(for_discriminator):
    x = _pred()
    loss = GANLoss('wgangp')
    assert _close(loss(x, True, for_discriminator), -x.double().mean())
    assert _close(loss(x, False, for_discriminator), x.double().mean())


def test_hinge_discriminator_side_uses_relu_margins():
    x = _pred()
    loss = GANLoss('hinge')
    assert _close(loss(x, True), torch.clamp(1 - x.double(), min=0).mean())
    assert _close(loss(x, False), torch.clamp(1 + x.double(), min=0).mean())
    # The margins matter: predictions beyond them cost nothing.
    assert loss(torch.full((4,), 2.0), True) == 0
    assert loss(torch.full((4,), -2.0), False) == 0


def test_hinge_generator_side_is_minus_mean_without_margin():
    x = _pred()
    assert _close(GANLoss('hinge')(x, True, for_discriminator=False), -x.double().mean())


@pytest.mark.parametrize('mode', ['vanilla', 'lsgan', 'wgangp', 'hinge'])
@pytest.mark.parametrize('target_is_real', [True, False])
@pytest.mark.parametrize('for_discriminator', [True, False])
def test_list_of_predictions_sums_the_per_scale_losses(mode, target_is_real, for_discriminator):
    # A multi-scale D returns predictions of different sizes; each is averaged on its own.
    scales = [_pred(1, (2, 1, 6, 6)), _pred(2, (2, 1, 3, 3)), _pred(3, (2, 1, 2, 2))]
    loss = GANLoss(mode, loss_weight=1.0)
    expected = sum(_v(loss(p, target_is_real, for_discriminator)) for p in scales)
    assert _close(loss(scales, target_is_real, for_discriminator), expected)
    assert _close(loss(tuple(scales), target_is_real, for_discriminator), expected)


@pytest.mark.parametrize('mode', ['vanilla', 'lsgan', 'wgangp', 'hinge'])
def test_loss_weight_scales_the_generator_side_only(mode):
    x = _pred()
    plain, weighted = GANLoss(mode), GANLoss(mode, loss_weight=3.0)
    for target_is_real in (True, False):
        assert _close(weighted(x, target_is_real, True), plain(x, target_is_real, True))
        assert _close(weighted(x, target_is_real, False), 3 * plain(x, target_is_real, False))


def test_loss_weight_is_applied_once_to_the_sum_over_scales():
    scales = [_pred(1), _pred(2)]
    plain, weighted = GANLoss('lsgan'), GANLoss('lsgan', loss_weight=3.0)
    assert _close(weighted(scales, True, False), 3 * plain(scales, True, False))


def test_bfloat16_predictions_give_a_float32_loss():
    x = _pred()
    loss = GANLoss('vanilla')(x.bfloat16(), True)
    assert loss.dtype == torch.float32
    assert _close(loss, GANLoss('vanilla')(x.bfloat16().float(), True))


def test_gan_loss_passes_gradients_to_the_prediction():
    x = _pred().requires_grad_(True)
    GANLoss('lsgan')(x, True).backward()
    # d/dx mean((x - 1)^2) = 2 (x - 1) / n
    assert torch.allclose(x.grad, 2 * (x.detach() - 1) / x.numel())


def test_unknown_gan_mode_is_rejected_with_the_valid_ones():
    with pytest.raises(ValueError, match="'wgan'.*vanilla.*lsgan.*wgangp.*hinge"):
        GANLoss('wgan')


def test_gan_loss_is_registered_under_its_class_name():
    loss = MODELS.build(dict(type='GANLoss', gan_mode='vanilla', loss_weight=2.0))
    assert isinstance(loss, GANLoss) and loss.gan_mode == 'vanilla' and loss.loss_weight == 2.0


# ---------------------------------------------------------------------------- GradientPenalty
class _Linear(nn.Module):
    """D(x) = <w, x> + b per sample: its input gradient is w everywhere, norm ||w||."""

    def __init__(self, weight):
        super().__init__()
        self.weight = nn.Parameter(weight)

    def forward(self, x):
        return (x * self.weight).flatten(1).sum(1) + 0.3


class _HalfSquare(nn.Module):
    """D(x) = 0.5 ||x||^2 per sample: its input gradient is x itself, norm ||x||."""

    def forward(self, x):
        return 0.5 * (x ** 2).flatten(1).sum(1)


def _batches(seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(3, 2, 4, 4, generator=g), torch.randn(3, 2, 4, 4, generator=g)


@pytest.mark.parametrize('mode', ['mixed', 'real', 'fake'])
def test_penalty_of_a_linear_discriminator_is_lambda_times_norm_minus_constant_squared(mode):
    weight = torch.full((2, 4, 4), 0.25)   # ||w|| = sqrt(32 * 0.0625) = sqrt(2)
    real, fake = _batches()
    penalty = GradientPenalty(loss_weight=10.0, constant=1.0, mode=mode)
    expected = 10.0 * (math.sqrt(2) - 1) ** 2
    assert math.isclose(_v(penalty(_Linear(weight), real, fake)), expected, rel_tol=1e-5)


def test_penalty_constant_sets_the_target_norm():
    weight = torch.full((2, 4, 4), 0.25)
    real, fake = _batches()
    assert _v(GradientPenalty(constant=math.sqrt(2))(_Linear(weight), real, fake)) < 1e-10
    assert math.isclose(_v(GradientPenalty(loss_weight=1., constant=3.)(_Linear(weight), real, fake)),
                        (math.sqrt(2) - 3) ** 2, rel_tol=1e-5)


def _norm_penalty(points, constant=1.0):
    return ((points.flatten(1).norm(dim=1) - constant) ** 2).mean()


def test_real_and_fake_modes_penalise_at_the_samples_themselves():
    real, fake = _batches()
    d = _HalfSquare()
    assert math.isclose(_v(GradientPenalty(1., mode='real')(d, real, fake)),
                        _v(_norm_penalty(real)), rel_tol=1e-5)
    assert math.isclose(_v(GradientPenalty(1., mode='fake')(d, real, fake)),
                        _v(_norm_penalty(fake)), rel_tol=1e-5)


def test_mixed_mode_penalises_at_one_random_interpolate_per_sample():
    real, fake = _batches()
    torch.manual_seed(7)
    got = GradientPenalty(1., mode='mixed')(_HalfSquare(), real, fake)
    torch.manual_seed(7)
    alpha = torch.rand(real.shape[0], 1, 1, 1)   # the reference draws one alpha per sample
    expected = _norm_penalty(alpha * real + (1 - alpha) * fake)
    assert math.isclose(_v(got), _v(expected), rel_tol=1e-5)
    assert not math.isclose(_v(got), _v(_norm_penalty(real)), rel_tol=1e-3)
    assert not math.isclose(_v(got), _v(_norm_penalty(fake)), rel_tol=1e-3)


def test_penalty_sums_the_gradients_of_all_scales_of_a_list_output():
    w1, w2 = torch.full((2, 4, 4), 0.25), torch.full((2, 4, 4), 0.5)   # w1 + w2: norm 0.75 * sqrt(32)
    d1, d2 = _Linear(w1), _Linear(w2)
    real, fake = _batches()
    got = GradientPenalty(1.)(lambda x: [d1(x), d2(x)], real, fake)
    assert math.isclose(_v(got), (0.75 * math.sqrt(32) - 1) ** 2, rel_tol=1e-5)


def test_penalty_is_differentiable_in_the_discriminator_weights():
    weight = torch.full((2, 4, 4), 0.25)
    d = _Linear(weight.clone())
    real, fake = _batches()
    GradientPenalty(loss_weight=10.0)(d, real, fake).backward()
    # d/dw 10 (||w|| - 1)^2 = 20 (||w|| - 1) w / ||w||
    norm = weight.norm()
    assert torch.allclose(d.weight.grad, 20 * (norm - 1) * weight / norm, rtol=1e-5)


def test_penalty_does_not_backpropagate_into_the_real_or_fake_batches():
    real, fake = (t.requires_grad_(True) for t in _batches())
    GradientPenalty()(_HalfSquare(), real, fake).backward()
    assert real.grad is None and fake.grad is None


def test_unknown_penalty_mode_is_rejected():
    with pytest.raises(ValueError, match="'both'.*mixed.*real.*fake"):
        GradientPenalty(mode='both')


# -------------------------------------------------------------------------- pixel losses
def test_l1_loss_is_weighted_mean_absolute_error():
    pred, target = _pred(1), _pred(2)
    expected = 100 * (pred.double() - target.double()).abs().mean()
    assert _close(L1Loss(loss_weight=100.)(pred, target), expected)
    assert _close(L1Loss()(pred, target), expected / 100)


def test_mse_loss_is_weighted_mean_squared_error():
    pred, target = _pred(1), _pred(2)
    expected = 2.5 * ((pred.double() - target.double()) ** 2).mean()
    assert _close(MSELoss(loss_weight=2.5)(pred, target), expected)
    assert _close(MSELoss()(pred, target), expected / 2.5)


@pytest.mark.parametrize('cls', [L1Loss, MSELoss])
def test_pixel_losses_are_float32_for_bfloat16_inputs(cls):
    pred, target = _pred(1).bfloat16(), _pred(2).bfloat16()
    loss = cls()(pred, target)
    assert loss.dtype == torch.float32
    assert _close(loss, cls()(pred.float(), target.float()))


@pytest.mark.parametrize('name,cls', [('L1Loss', L1Loss), ('MSELoss', MSELoss),
                                      ('GradientPenalty', GradientPenalty)])
def test_pixel_losses_and_penalty_are_registered_under_their_class_names(name, cls):
    loss = MODELS.build(dict(type=name, loss_weight=4.0))
    assert type(loss) is cls and loss.loss_weight == 4.0
