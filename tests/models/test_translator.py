"""The generic Translator reproduces the reference training step and reports clear errors."""
import copy

import pytest
import torch
import torch.nn.functional as F
from mmengine.optim import OptimWrapper, OptimWrapperDict

import i2itools.models  # noqa: F401  (registers the parts)
from i2itools.registry import MODELS

PIX2PIX = dict(
    type='Translator',
    nets=dict(G=dict(type='UnetGenerator', num_downs=5, base_channels=4, use_dropout=True),
              D=dict(type='NLayerDiscriminator', in_channels=6, base_channels=4, num_layers=2)),
    branches=dict(s=dict(type='SupervisedBranch', generator='G', source='A', output='fake_B')),
    adversarial=dict(GAN=dict(discriminator='D', fake='fake_B', real='B', condition='A',
                              gan_loss=dict(type='GANLoss', gan_mode='vanilla'), d_weight=0.5)),
    losses=dict(L1=dict(type='L1Loss', loss_weight=100.0, inputs=dict(pred='fake_B', target='B'))),
    train_order=('D', 'G'),
)


def _adam(net):
    return torch.optim.Adam(net.parameters(), lr=2e-4, betas=(0.5, 0.999))


def _wrappers(model):
    return OptimWrapperDict(**{n: OptimWrapper(_adam(getattr(model, n)))
                               for n in model.generator_names + model.discriminator_names})


def _batch(seed, size=32, batch=2):
    gen = torch.Generator().manual_seed(seed)
    return {k: torch.randint(0, 256, (batch, 3, size, size), dtype=torch.uint8, generator=gen)
            for k in ('A', 'B')}


def _unit(x):
    return x.float() / 127.5 - 1


def _bce(pred, real):
    return F.binary_cross_entropy_with_logits(pred, torch.full_like(pred, float(real)))


def _reference_pix2pix_step(G, D, opt_G, opt_D, batch):
    """pytorch-CycleGAN-and-pix2pix ``Pix2PixModel.optimize_parameters``, written out."""
    A, B = _unit(batch['A']), _unit(batch['B'])
    fake = G(A)
    for p in D.parameters():
        p.requires_grad_(True)
    opt_D.zero_grad()
    loss_D = 0.5 * (_bce(D(torch.cat([A, fake.detach()], 1)), 0) + _bce(D(torch.cat([A, B], 1)), 1))
    loss_D.backward()
    opt_D.step()
    for p in D.parameters():
        p.requires_grad_(False)
    opt_G.zero_grad()
    loss_G = _bce(D(torch.cat([A, fake], 1)), 1) + 100 * F.l1_loss(fake, B)
    loss_G.backward()
    opt_G.step()
    return loss_D.item(), loss_G.item()


def test_pix2pix_step_matches_the_reference_update_order_and_losses():
    torch.manual_seed(0)
    model = MODELS.build(PIX2PIX)
    G, D = copy.deepcopy(model.G), copy.deepcopy(model.D)
    opt_G, opt_D = _adam(G), _adam(D)
    wrappers = _wrappers(model)
    for it in range(3):
        torch.manual_seed(100 + it)  # same dropout masks on both sides
        logs = model.train_step(_batch(it), wrappers)
        torch.manual_seed(100 + it)
        loss_D, loss_G = _reference_pix2pix_step(G, D, opt_G, opt_D, _batch(it))
        assert float(logs['loss_GAN_D_fake'] + logs['loss_GAN_D_real']) == pytest.approx(loss_D, rel=1e-5)
        assert float(logs['loss_GAN_G'] + logs['loss_L1']) == pytest.approx(loss_G, rel=1e-5)
    for ours, ref in [(model.G, G), (model.D, D)]:
        for (name, a), b in zip(ours.state_dict().items(), ref.state_dict().values()):
            assert torch.allclose(a, b, atol=1e-6), name


def test_generator_first_order_updates_g_before_d_sees_the_fakes():
    """With train_order ('G', 'D') (CycleGAN, BicycleGAN) D's step follows G's."""
    cfg = copy.deepcopy(PIX2PIX)
    cfg['train_order'] = ('G', 'D')
    cfg['nets']['G']['use_dropout'] = False
    torch.manual_seed(0)
    model = MODELS.build(cfg)
    G, D = copy.deepcopy(model.G), copy.deepcopy(model.D)
    opt_G, opt_D = _adam(G), _adam(D)
    model.train_step(_batch(0), _wrappers(model))
    A, B = _unit(_batch(0)['A']), _unit(_batch(0)['B'])
    fake = G(A)
    for p in D.parameters():
        p.requires_grad_(False)
    opt_G.zero_grad()
    (_bce(D(torch.cat([A, fake], 1)), 1) + 100 * F.l1_loss(fake, B)).backward()
    opt_G.step()
    for p in D.parameters():
        p.requires_grad_(True)
    opt_D.zero_grad()
    (0.5 * (_bce(D(torch.cat([A, fake.detach()], 1)), 0) + _bce(D(torch.cat([A, B], 1)), 1))).backward()
    opt_D.step()
    for ours, ref in [(model.G, G), (model.D, D)]:
        for a, b in zip(ours.state_dict().values(), ref.state_dict().values()):
            assert torch.allclose(a, b, atol=1e-6)


def test_model_without_discriminator_trains_the_generator_only():
    cfg = copy.deepcopy(PIX2PIX)
    cfg['nets'].pop('D')
    cfg['adversarial'] = {}
    model = MODELS.build(cfg)
    before = [p.clone() for p in model.G.parameters()]
    logs = model.train_step(_batch(0), _wrappers(model))
    assert set(logs) == {'loss_L1'} and model.discriminator_names == ()
    assert any(not torch.equal(a, b) for a, b in zip(before, model.G.parameters()))


def test_wgangp_term_adds_a_gradient_penalty_to_the_d_loss():
    cfg = copy.deepcopy(PIX2PIX)
    cfg['adversarial']['GAN'].update(gan_loss=dict(type='GANLoss', gan_mode='wgangp'),
                                     gradient_penalty=dict(type='GradientPenalty'))
    model = MODELS.build(cfg)
    logs = model.train_step(_batch(0), _wrappers(model))
    assert logs['loss_GAN_D_gp'] > 0


def test_pool_shows_d_stored_fakes():
    cfg = copy.deepcopy(PIX2PIX)
    cfg['adversarial']['GAN']['pool'] = dict(type='ImagePool', pool_size=3)
    model = MODELS.build(cfg)
    model.train_step(_batch(0), _wrappers(model))
    assert int(model.adversarial['GAN'].pool.num_images) == 2


def test_latest_visuals_and_test_step_give_the_configured_visuals():
    model = MODELS.build(PIX2PIX)
    model.train_step(_batch(0), _wrappers(model))
    assert list(model.latest_visuals) == ['A', 'fake_B', 'B']
    samples = model.test_step({**_batch(1), 'A_path': ['x/a.png', 'x/b.png']})
    assert len(samples) == 2 and samples[1]['A_path'] == 'x/b.png'
    assert samples[0]['fake_B'].shape == (3, 32, 32) and samples[0]['A'].min() >= -1


def test_branch_naming_an_unknown_net_fails_at_build():
    cfg = copy.deepcopy(PIX2PIX)
    cfg['branches']['s']['generator'] = 'G_A'
    with pytest.raises(KeyError, match=r"uses nets \['G_A'\], but nets are \['D', 'G'\]"):
        MODELS.build(cfg)


def test_single_optimizer_wrapper_is_refused_with_the_fix():
    model = MODELS.build(PIX2PIX)
    with pytest.raises(TypeError, match='MultiNetOptimWrapperConstructor'):
        model.train_step(_batch(0), OptimWrapper(_adam(model.G)))


def test_net_names_that_shadow_model_attributes_are_refused():
    cfg = copy.deepcopy(PIX2PIX)
    cfg['nets']['losses'] = cfg['nets'].pop('D')
    with pytest.raises(ValueError, match="net name 'losses' is not usable"):
        MODELS.build(cfg)


def test_channel_mismatch_between_data_and_nets_names_the_settings():
    model = MODELS.build(PIX2PIX)
    batch = {'A': torch.zeros(1, 1, 32, 32, dtype=torch.uint8), 'B': _batch(0, batch=1)['B']}
    with pytest.raises(RuntimeError, match=r"(?s)SupervisedBranch: .*'A': \(1,\).*in_channels"):
        model.train_step(batch, _wrappers(model))
