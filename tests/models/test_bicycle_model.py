"""BicycleGAN and its ablations are configs of the generic Translator: the reference step,
the latent loss that updates G only, the even-batch rule, and every ablation config builds."""
import copy
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.optim import OptimWrapper, OptimWrapperDict

import i2itools  # noqa: F401
from gradient_recording import RecordingAdam
from i2itools.apis import build_model

REPO = Path(__file__).resolve().parents[2]
BICYCLE = REPO / 'configs' / 'bicycle'
TINY = dict(G=dict(num_downs=5, base_channels=4), E=dict(num_blocks=3, base_channels=4),
            D=dict(base_channels=4, num_layers=2), D2=dict(base_channels=4, num_layers=2))


def _config(name='z8_all.py'):
    cfg = Config.fromfile(str(BICYCLE / name))
    for net, options in TINY.items():
        if cfg.model.nets.get(net) is not None:
            cfg.model.nets[net].update(options)
    return cfg


def _batch(seed, size=64, batch=2):
    gen = torch.Generator().manual_seed(seed)
    return {k: torch.randint(0, 256, (batch, 3, size, size), dtype=torch.uint8, generator=gen)
            for k in ('A', 'B')}


def _adam(net):
    return RecordingAdam(net.parameters())


def _wrappers(model):
    names = model.generator_names + model.discriminator_names
    return OptimWrapperDict(**{n: OptimWrapper(_adam(getattr(model, n))) for n in names})


def _lsgan(predictions, value):
    return sum(F.mse_loss(p, torch.full_like(p, value)) for p in predictions)


def _set_grad(net, flag):
    for p in net.parameters():
        p.requires_grad_(flag)


def _reference_bicycle_step(G, E, D, D2, opts, batch):
    """junyanz/BicycleGAN ``BiCycleGANModel.optimize_parameters``, written out."""
    A, B = (batch[k].float() / 127.5 - 1 for k in ('A', 'B'))
    half = len(A) // 2
    A1, B1, B2 = A[:half], B[:half], B[half:]
    mu, logvar = E(B1)
    z_encoded = torch.randn(mu.shape) * logvar.mul(0.5).exp() + mu
    z_random = torch.randn(half, 8)
    fake_encoded, fake_random = G(A1, z_encoded), G(A1, z_random)
    mu2 = E(fake_random)[0]
    _set_grad(D, False)
    _set_grad(D2, False)
    opts['E'].zero_grad()
    opts['G'].zero_grad()
    kl = torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) * (-0.5 * 0.01)
    loss = _lsgan(D(fake_encoded), 1) + _lsgan(D2(fake_random), 1) + 10 * F.l1_loss(fake_encoded, B1) + kl
    loss.backward(retain_graph=True)
    _set_grad(E, False)
    (torch.mean(torch.abs(mu2 - z_random)) * 0.5).backward()
    _set_grad(E, True)
    opts['E'].step()
    opts['G'].step()
    for net, real, fake in ((D, B1, fake_encoded), (D2, B2, fake_random)):
        _set_grad(net, True)
        opts[net.tag].zero_grad()
        (_lsgan(net(fake.detach()), 0) + _lsgan(net(real), 1)).backward()
        opts[net.tag].step()


def test_bicyclegan_step_matches_the_reference_procedure():
    """The same gradients as the reference's two backward passes (the latent loss with E frozen),
    from one backward per step; compared before Adam, which magnifies float-order noise on
    gradients near zero."""
    torch.manual_seed(0)
    model = build_model(_config(), 'cpu')
    nets = {n: copy.deepcopy(getattr(model, n)) for n in ('G', 'E', 'D', 'D2')}
    for name, net in nets.items():
        net.tag = name
    opts = {n: _adam(net) for n, net in nets.items()}
    wrappers = _wrappers(model)
    torch.manual_seed(50)
    logs = model.train_step(_batch(0), wrappers)
    torch.manual_seed(50)
    _reference_bicycle_step(nets['G'], nets['E'], nets['D'], nets['D2'], opts, _batch(0))
    assert {'loss_z_L1', 'loss_KL', 'loss_GAN2_G', 'loss_GAN2_D_real'} <= set(logs)
    for name, ref in opts.items():
        ours = wrappers[name].optimizer.grads
        assert len(ours) == len(ref.grads) == 1, name
        for mine, theirs in zip(ours[0], ref.grads[0]):
            torch.testing.assert_close(mine, theirs, rtol=1e-5, atol=1e-8, msg=name)


def test_latent_loss_reaches_g_but_not_e():
    model = build_model(_config(), 'cpu')
    model.losses['L1'].loss_weight = model.losses['KL'].loss_weight = 0.0
    model.adversarial['GAN'].gan_loss.loss_weight = 0.0
    model.adversarial['GAN2'].gan_loss.loss_weight = 0.0
    before = {n: [p.clone() for p in getattr(model, n).parameters()] for n in ('G', 'E')}
    model.train_order = ('G',)
    model.train_step(_batch(0), _wrappers(model))
    moved = {n: any(not torch.equal(a, b) for a, b in zip(before[n], getattr(model, n).parameters()))
             for n in ('G', 'E')}
    assert moved == {'G': True, 'E': False}


def test_odd_batch_size_is_refused_with_the_fix():
    model = build_model(_config(), 'cpu')
    with pytest.raises(ValueError, match='batch size must be even; got 3'):
        model.train_step(_batch(0, batch=3), _wrappers(model))


ABLATIONS = ['z8_all.py', 'z8_input.py', 'z2_all.py', 'z256_all.py', 'cvae_gan.py', 'clr_gan.py',
             'pix2pix_noise.py', 'z8_all_ema.py']


@pytest.mark.parametrize('name', ABLATIONS)
def test_every_ablation_builds_and_trains_two_iterations(name):
    model = build_model(_config(name), 'cpu')
    wrappers = _wrappers(model)
    for it in range(2):
        logs = model.train_step(_batch(it), wrappers)
    assert all(torch.isfinite(v) for v in logs.values())
    samples = model.test_step({**_batch(5, batch=1), 'A_path': ['x.png']})
    assert samples[0]['A'].shape == (3, 64, 64)


@pytest.mark.parametrize('name', ['edges2shoes_z8_all.py', 'facades_z8_all.py'])
def test_real_dataset_configs_build_the_reference_networks(name):
    cfg = Config.fromfile(str(BICYCLE / name))
    assert cfg.model.nets.G.num_downs == 'unet_256' and cfg.model.nets.G.use_dropout
    assert cfg.train_dataloader.batch_size == 2
    model = build_model(cfg, 'cpu')
    assert model.G.nz == 8 and model.E.vae_like


def test_an_old_config_restricting_the_latent_loss_reads_as_a_frozen_encoder():
    cfg = _config()
    cfg.model.branches.latent.frozen = None
    cfg.model.losses.z_L1.updates = ('G',)   # how configs said it before one backward per step
    with pytest.warns(FutureWarning, match=r"read as branches.latent.frozen=\('E',\)"):
        model = build_model(cfg, 'cpu')
    assert model.branches['latent'].frozen == ('E',)
    assert 'loss_z_L1' in model.train_step(_batch(0), _wrappers(model))


def test_an_old_restriction_that_would_change_other_terms_is_refused():
    cfg = _config()
    cfg.model.losses.KL.updates = ('G',)   # E's mu feeds the encoded branch's G and L1 too
    with pytest.raises(ValueError, match=r"E runs in branch 'encoded', whose outputs also feed"):
        build_model(cfg, 'cpu')


def test_branches_written_in_sorted_order_run_in_dependency_order():
    """A config saved by mmengine (older checkpoints, work-dir copies) lists the branches sorted:
    encoded, latent, random, split; they still run split, encoded, random, latent."""
    cfg = _config()
    cfg.model.branches = {name: cfg.model.branches[name] for name in sorted(cfg.model.branches)}
    model = build_model(cfg, 'cpu')
    assert list(model.branches) == ['split', 'encoded', 'random', 'latent']
