"""CycleGAN is a config of the generic Translator: reference step, gradients, identity rule,
reference checkpoint folders."""
import copy
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from mmengine.config import Config
from mmengine.optim import OptimWrapper, OptimWrapperDict

import i2itools  # noqa: F401
from i2itools.apis import build_model, load_checkpoint

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / 'tests' / 'fixtures' / 'reference'


def _config(**nets):
    cfg = Config.fromfile(str(REPO / 'configs' / 'cyclegan' / 'horse2zebra.py'))
    small_g = dict(base_channels=4, num_blocks=1)
    small_d = dict(base_channels=4, num_layers=2)
    for name, options in dict(G_A=small_g, G_B=small_g, D_A=small_d, D_B=small_d).items():
        cfg.model.nets[name].update(options, **nets.get(name, {}))
    return cfg


def _batch(seed, size=32):
    gen = torch.Generator().manual_seed(seed)
    return {k: torch.randint(0, 256, (1, 3, size, size), dtype=torch.uint8, generator=gen)
            for k in ('A', 'B')}


def _adam(params):
    return torch.optim.Adam(params, lr=2e-4, betas=(0.5, 0.999))


def _wrappers(model):
    return OptimWrapperDict(**{n: OptimWrapper(_adam(getattr(model, n).parameters()))
                               for n in ('G_A', 'G_B', 'D_A', 'D_B')})


def _mse(pred, value):
    return F.mse_loss(pred, torch.full_like(pred, value))


def _reference_cyclegan_step(nets, opt_G, opt_D, batch):
    """pytorch-CycleGAN-and-pix2pix ``CycleGANModel.optimize_parameters`` (pools not yet full)."""
    G_A, G_B, D_A, D_B = nets
    A, B = (batch[k].float() / 127.5 - 1 for k in ('A', 'B'))
    fake_B = G_A(A)
    rec_A = G_B(fake_B)
    fake_A = G_B(B)
    rec_B = G_A(fake_A)
    for p in [*D_A.parameters(), *D_B.parameters()]:
        p.requires_grad_(False)
    opt_G.zero_grad()
    loss_G = (F.l1_loss(G_A(B), B) * 10 * 0.5 + F.l1_loss(G_B(A), A) * 10 * 0.5
              + _mse(D_A(fake_B), 1) + _mse(D_B(fake_A), 1)
              + F.l1_loss(rec_A, A) * 10 + F.l1_loss(rec_B, B) * 10)
    loss_G.backward()
    opt_G.step()
    for p in [*D_A.parameters(), *D_B.parameters()]:
        p.requires_grad_(True)
    opt_D.zero_grad()
    (0.5 * (_mse(D_A(B), 1) + _mse(D_A(fake_B.detach()), 0))).backward()
    (0.5 * (_mse(D_B(A), 1) + _mse(D_B(fake_A.detach()), 0))).backward()
    opt_D.step()


def test_cyclegan_step_matches_the_reference_procedure():
    torch.manual_seed(0)
    model = build_model(_config(), 'cpu')
    nets = [copy.deepcopy(getattr(model, n)) for n in ('G_A', 'G_B', 'D_A', 'D_B')]
    opt_G = _adam([p for net in nets[:2] for p in net.parameters()])
    opt_D = _adam([p for net in nets[2:] for p in net.parameters()])
    wrappers = _wrappers(model)
    for it in range(3):
        model.train_step(_batch(it), wrappers)
        _reference_cyclegan_step(nets, opt_G, opt_D, _batch(it))
    for name, ref in zip(('G_A', 'G_B', 'D_A', 'D_B'), nets):
        for a, b in zip(getattr(model, name).state_dict().values(), ref.state_dict().values()):
            assert torch.allclose(a, b, atol=1e-6), name


def test_cycle_loss_reaches_both_generators_and_no_discriminator():
    model = build_model(_config(), 'cpu')
    tensors = model.data_preprocessor(_batch(0), True)
    outputs = model._run({'cycle_A': model.branches['cycle_A']}, tensors)
    F.l1_loss(outputs['rec_A'], tensors['A']).backward()
    assert all(p.grad is not None for p in model.G_A.parameters())
    assert all(p.grad is not None for p in model.G_B.parameters())
    assert all(p.grad is None for p in [*model.D_A.parameters(), *model.D_B.parameters()])


def test_fake_only_loss_reaches_the_forward_generator_only():
    model = build_model(_config(), 'cpu')
    tensors = model.data_preprocessor(_batch(0), True)
    outputs = model._run({'cycle_A': model.branches['cycle_A']}, tensors)
    outputs['fake_B'].mean().backward()
    assert all(p.grad is not None for p in model.G_A.parameters())
    assert all(p.grad is None for p in model.G_B.parameters())


def test_generator_step_leaves_the_discriminators_without_gradients_from_it():
    model = build_model(_config(), 'cpu')
    model.train_order = ('G',)
    model.train_step(_batch(0), _wrappers(model))
    assert all(p.grad is None for p in [*model.D_A.parameters(), *model.D_B.parameters()])


def test_identity_with_different_channel_counts_is_refused_clearly():
    cfg = _config(G_A=dict(in_channels=1), G_B=dict(out_channels=1), D_B=dict(in_channels=1))
    model = build_model(cfg, 'cpu')
    batch = {'A': torch.zeros(1, 1, 32, 32, dtype=torch.uint8), 'B': _batch(0)['B']}
    with pytest.raises(ValueError, match='identity loss needs equal input and output channels'):
        model.train_step(batch, _wrappers(model))


def test_identity_switched_off_trains_with_different_channel_counts():
    cfg = _config(G_A=dict(in_channels=1), G_B=dict(out_channels=1), D_B=dict(in_channels=1))
    for key in ('identity_A', 'identity_B'):
        cfg.model.branches[key] = None
    for key in ('idt_A', 'idt_B'):
        cfg.model.losses[key] = None
    model = build_model(cfg, 'cpu')
    batch = {'A': torch.zeros(1, 1, 32, 32, dtype=torch.uint8), 'B': _batch(0)['B']}
    logs = model.train_step(batch, _wrappers(model))
    assert 'loss_idt_A' not in logs and 'loss_cycle_A' in logs


def test_reference_checkpoint_folder_loads_all_four_nets(tmp_path):
    g = torch.load(FIXTURES / 'cg_G_resnet9_instance.pt', weights_only=True)
    d = torch.load(FIXTURES / 'cg_D_nlayers4_instance.pt', weights_only=True)
    for name, case in dict(G_A=g, G_B=g, D_A=d, D_B=d).items():
        torch.save(case['state_dict'], tmp_path / f'latest_net_{name}.pth')
    reference_g = dict(base_channels=8, num_blocks=9)
    reference_d = dict(base_channels=8, num_layers=4)
    model = build_model(_config(G_A=reference_g, G_B=reference_g, D_A=reference_d,
                                D_B=reference_d), 'cpu')
    assert sorted(load_checkpoint(model, str(tmp_path))) == ['D_A', 'D_B', 'G_A', 'G_B']
    model.eval()
    with torch.no_grad():
        assert torch.allclose(model.G_B(g['inputs'][0]), g['outputs'][0], atol=1e-5)
        assert torch.allclose(model.D_A(d['inputs'][0]), d['outputs'][0], atol=1e-5)


def test_reference_generator_file_goes_to_the_preferred_direction(tmp_path):
    g = torch.load(FIXTURES / 'cg_G_resnet9_instance.pt', weights_only=True)
    torch.save(g['state_dict'], tmp_path / 'latest_net_G.pth')
    reference_g = dict(base_channels=8, num_blocks=9)
    model = build_model(_config(G_A=reference_g, G_B=reference_g), 'cpu')
    with pytest.raises(RuntimeError, match=r"fits several nets \['G_A', 'G_B'\]"):
        load_checkpoint(model, str(tmp_path / 'latest_net_G.pth'))
    assert load_checkpoint(model, str(tmp_path / 'latest_net_G.pth'), prefer=['G_B']) == ['G_B']
