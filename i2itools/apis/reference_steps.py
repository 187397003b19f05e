"""The reference repositories' training steps, written as plain PyTorch over a Translator's nets:
the bare network math (forward, backward, Adam) that ``tools/benchmark.py --plain`` times, so
that the Translator's overhead over it can be measured."""
import torch
import torch.nn.functional as F


def reference_step(model, lr=2e-4, betas=(0.5, 0.999)):
    """``step(A, B)``: one training iteration of the reference model whose nets ``model`` has
    (pix2pix: G, D; CycleGAN: G_A, G_B, D_A, D_B; BicycleGAN: G, E, D, D2), with one plain
    ``torch.optim.Adam`` per net; A and B are float batches in [-1, 1]."""
    nets = {name: getattr(model, name) for name in model.net_names}
    optimizers = {name: torch.optim.Adam(net.parameters(), lr=lr, betas=betas)
                  for name, net in nets.items()}
    for kind, names in STEPS.items():
        if set(nets) == set(names):
            return lambda A, B: kind(nets, optimizers, A, B)
    raise ValueError(f'--plain knows the reference models pix2pix (G, D), CycleGAN (G_A, G_B, '
                     f'D_A, D_B) and BicycleGAN (G, E, D, D2); this model has {sorted(nets)}')


def pix2pix_step(nets, opt, A, B):
    """``Pix2PixModel.optimize_parameters``: conditional D (vanilla GAN), then G (GAN + 100 L1)."""
    G, D = nets['G'], nets['D']
    fake = G(A)
    _requires_grad(D, True)
    opt['D'].zero_grad()
    loss_D = 0.5 * (_bce(D(torch.cat([A, fake.detach()], 1)), 0.0)
                    + _bce(D(torch.cat([A, B], 1)), 1.0))
    loss_D.backward()
    opt['D'].step()
    _requires_grad(D, False)
    opt['G'].zero_grad()
    (_bce(D(torch.cat([A, fake], 1)), 1.0) + 100 * F.l1_loss(fake, B)).backward()
    opt['G'].step()


def cyclegan_step(nets, opt, A, B):
    """``CycleGANModel.optimize_parameters`` without the image pools: both Gs (lsgan, cycles
    λ 10, identity 0.5), then both Ds."""
    G_A, G_B, D_A, D_B = (nets[n] for n in ('G_A', 'G_B', 'D_A', 'D_B'))
    fake_B, fake_A = G_A(A), G_B(B)
    rec_A, rec_B = G_B(fake_B), G_A(fake_A)
    _requires_grad(D_A, False)
    _requires_grad(D_B, False)
    for name in ('G_A', 'G_B'):
        opt[name].zero_grad()
    loss_G = (_mse(D_A(fake_B), 1.0) + _mse(D_B(fake_A), 1.0)
              + 10 * F.l1_loss(rec_A, A) + 10 * F.l1_loss(rec_B, B)
              + 5 * F.l1_loss(G_A(B), B) + 5 * F.l1_loss(G_B(A), A))
    loss_G.backward()
    for name in ('G_A', 'G_B'):
        opt[name].step()
    for D, real, fake, name in ((D_A, B, fake_B, 'D_A'), (D_B, A, fake_A, 'D_B')):
        _requires_grad(D, True)
        opt[name].zero_grad()
        (0.5 * (_mse(D(real), 1.0) + _mse(D(fake.detach()), 0.0))).backward()
        opt[name].step()


def bicycle_step(nets, opt, A, B):
    """``BiCycleGANModel.optimize_parameters``: G and E (cVAE-GAN + cLR-GAN terms, then the
    latent regression with E frozen), then D and D2 (lsgan, real and fake summed)."""
    G, E, D, D2 = (nets[n] for n in ('G', 'E', 'D', 'D2'))
    half = len(A) // 2
    A1, B1, B2 = A[:half], B[:half], B[half:]
    mu, logvar = E(B1)
    z_encoded = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
    fake_encoded = G(A1, z_encoded)
    z_random = torch.randn(half, G.nz, device=A.device)
    fake_random = G(A1, z_random)
    _requires_grad(D, False)
    _requires_grad(D2, False)
    for name in ('G', 'E'):
        opt[name].zero_grad()
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) * 0.01
    loss = (_mse(D(fake_encoded), 1.0) + _mse(D2(fake_random), 1.0)
            + 10 * F.l1_loss(fake_encoded, B1) + kl)
    loss.backward(retain_graph=True)
    _requires_grad(E, False)
    mu_random, _ = E(fake_random)
    (0.5 * F.l1_loss(mu_random, z_random)).backward()
    _requires_grad(E, True)
    for name in ('G', 'E'):
        opt[name].step()
    for net, real, fake, name in ((D, B1, fake_encoded, 'D'), (D2, B2, fake_random, 'D2')):
        _requires_grad(net, True)
        opt[name].zero_grad()
        (_mse(net(real), 1.0) + _mse(net(fake.detach()), 0.0)).backward()
        opt[name].step()


STEPS = {pix2pix_step: ('G', 'D'), cyclegan_step: ('G_A', 'G_B', 'D_A', 'D_B'),
         bicycle_step: ('G', 'E', 'D', 'D2')}


def _requires_grad(net, flag):
    for param in net.parameters():
        param.requires_grad_(flag)


def _outputs(prediction):
    """A multi-scale D's list of outputs, or a single D's output as a list."""
    return prediction if isinstance(prediction, (list, tuple)) else [prediction]


def _bce(prediction, target):
    return sum(F.binary_cross_entropy_with_logits(p, torch.full_like(p, target))
               for p in _outputs(prediction))


def _mse(prediction, target):
    return sum(F.mse_loss(p, torch.full_like(p, target)) for p in _outputs(prediction))
