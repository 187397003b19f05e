"""Each ablation config means what its name says: its merged config differs from its base at
exactly the places listed here, holding the values listed; a config edited to mean something
else (a switched-back term, an extra change) is refused by the same check."""
from pathlib import Path

import pytest
from mmengine.config import Config

REPO = Path(__file__).resolve().parents[2]
PIX2PIX = REPO / 'configs' / 'pix2pix' / 'ablations'
CYCLEGAN = REPO / 'configs' / 'cyclegan' / 'ablations'
BICYCLE = REPO / 'configs' / 'bicycle'

_PATCH_D = 'model.nets.D.num_layers'
#: pix2pix ablation -> {place in the merged config: its value there}, over _base_small.py
PIX2PIX_CHANGES = {
    'l1_cgan': {},  # the paper's full objective: the base itself
    'l1_only': {'model.nets.D': None, 'model.adversarial.GAN': None},
    'cgan_only': {'model.losses.L1': None},
    'l1_gan': {'model.adversarial.GAN.condition': None, 'model.nets.D.in_channels': 3},
    'l2_cgan': {'model.losses.L1': None, 'model.losses.L2': dict(
        type='MSELoss', loss_weight=100.0, inputs=dict(pred='fake_B', target='B'))},
    'encoder_decoder': {'model.nets.G.skip_connections': False},
    'pixelgan': {'model.nets.D': dict(type='PixelDiscriminator', in_channels=6,
                                      base_channels=16, norm='batch')},
    'patchgan16': {_PATCH_D: 1},
    'patchgan70': {},  # the base's PatchGAN is the 70x70 one (3 layers)
    'imagegan': {_PATCH_D: 5},
}

_NO_IDENTITY = {'model.branches.identity_A': None, 'model.branches.identity_B': None,
                'model.losses.idt_A': None, 'model.losses.idt_B': None}
#: CycleGAN ablation -> {place: value}, over _base_small.py
CYCLEGAN_CHANGES = {
    'full': {},
    'no_identity': _NO_IDENTITY,
    'gan_only': {**_NO_IDENTITY, 'model.losses.cycle_A': None, 'model.losses.cycle_B': None},
    'gan_forward_cycle': {**_NO_IDENTITY, 'model.losses.cycle_B': None},
    'gan_backward_cycle': {**_NO_IDENTITY, 'model.losses.cycle_A': None},
    'cycle_only': {**_NO_IDENTITY, 'model.nets.D_A': None, 'model.nets.D_B': None,
                   'model.adversarial.GAN_A': None, 'model.adversarial.GAN_B': None},
    'vanilla_gan': {f'model.adversarial.GAN_{d}.gan_loss.gan_mode': 'vanilla' for d in 'AB'},
    'no_pool': {f'model.adversarial.GAN_{d}.pool.pool_size': 0 for d in 'AB'},
}

#: the encoded branch on the whole batch (no split into halves)
_WHOLE_BATCH_ENCODED = {'model.branches.encoded.source': 'A', 'model.branches.encoded.target': 'B',
                        'model.adversarial.GAN.real': 'B', 'model.losses.L1.inputs.target': 'B'}
#: BicycleGAN ablation -> {place: value}, over z8_all.py
BICYCLE_CHANGES = {
    'z8_input': {'model.nets.G.injection': 'input'},
    'z2_all': {'model.nets.G.nz': 2, 'model.nets.E.out_channels': 2},
    'z256_all': {'model.nets.G.nz': 256, 'model.nets.E.out_channels': 256},
    'cvae_gan': {
        # no D2, no random branch, no latent loss
        'model.nets.D2': None, 'model.adversarial.GAN2': None, 'model.branches.split': None,
        'model.branches.random': None, 'model.branches.latent': None, 'model.losses.z_L1': None,
        **_WHOLE_BATCH_ENCODED, 'model.visuals': ('A', 'B', 'fake_B_encoded')},
    'clr_gan': {
        # no D, no encoded branch, no L1 or KL; the latent loss trains E too
        'model.nets.D': None, 'model.adversarial.GAN': None, 'model.branches.encoded': None,
        'model.losses.L1': None, 'model.losses.KL': None, 'model.branches.latent.frozen': None,
        'model.visuals': ('A_1', 'B_1', 'fake_B_random'),
        'model_wrapper_cfg.find_unused_parameters': True},
    'pix2pix_noise': {
        # no E, no D2: G(A, z) with random z on the whole batch, L1 + GAN on D
        'model.nets.E': None, 'model.nets.D2': None, 'model.adversarial.GAN2': None,
        'model.branches.split': None, 'model.branches.encoded': None,
        'model.branches.latent': None, 'model.losses.KL': None, 'model.losses.z_L1': None,
        'model.branches.random.source': 'A', 'model.branches.random.output': 'fake_B',
        'model.adversarial.GAN.fake': 'fake_B', 'model.adversarial.GAN.real': 'B',
        'model.losses.L1.inputs': dict(pred='fake_B', target='B'),
        'model.test_branches.encoded': None, 'model.test_branches.random.output': 'fake_B',
        'model.visuals': ('A', 'B', 'fake_B'), 'model.test_visuals': ('A', 'B', 'fake_B')},
    'z8_all_fast': {'fast': True},
    'z8_all_ema': {'default_hooks.ema': dict(type='NetEMAHook', nets=('G', 'E'),
                                             momentum=0.999, start_iter=1000)},
}

CASES = ([(PIX2PIX / f'{n}.py', PIX2PIX / '_base_small.py', c) for n, c in PIX2PIX_CHANGES.items()]
         + [(CYCLEGAN / f'{n}.py', CYCLEGAN / '_base_small.py', c)
            for n, c in CYCLEGAN_CHANGES.items()]
         + [(BICYCLE / f'{n}.py', BICYCLE / 'z8_all.py', c) for n, c in BICYCLE_CHANGES.items()]
         # the fast path's demo config, for the quality-equality table
         + [(PIX2PIX.parent / 'synth_facades_fast.py', PIX2PIX.parent / 'synth_facades.py',
             {'fast': True})])


def _merged(path):
    """The merged config as plain dicts, without the text config's own variables (``_d``)."""
    return {k: v for k, v in Config.fromfile(str(path)).to_dict().items() if not k.startswith('_')}


def _flat(config, prefix=''):
    """{'model.nets.D.num_layers': 3, ...}: every leaf of a nested dict by its dotted place."""
    leaves = {}
    for key, value in config.items():
        if isinstance(value, dict) and value:
            leaves.update(_flat(value, f'{prefix}{key}.'))
        else:
            leaves[f'{prefix}{key}'] = value
    return leaves


_ABSENT = object()


def _at(config, place):
    for key in place.split('.'):
        if not isinstance(config, dict) or key not in config:
            return _ABSENT
        config = config[key]
    return config


def unclaimed_changes(config, base, claimed):
    """What is wrong with ``config`` against ``base`` given the ``claimed`` {place: value}: the
    places where they differ that no claim covers, and the claims the merged config does not
    hold (or that its base holds already). Empty when the config means exactly its claims."""
    mine, theirs = _merged(config), _merged(base)
    flat_mine, flat_theirs = _flat(mine), _flat(theirs)
    differing = {k for k in flat_mine.keys() | flat_theirs.keys()
                 if flat_mine.get(k, _ABSENT) != flat_theirs.get(k, _ABSENT)}
    problems = [f'{key} changed but not claimed' for key in sorted(differing) if not any(
        key == place or key.startswith(f'{place}.') for place in claimed)]
    for place, value in claimed.items():
        if _at(mine, place) != value:
            problems.append(f'{place} is {_at(mine, place)!r}, not the claimed {value!r}')
        elif _at(theirs, place) == value:
            problems.append(f'{place} is {value!r} in the base already')
    return problems


@pytest.mark.parametrize('config, base, claimed', CASES,
                         ids=[f'{c.parent.name}/{c.stem}' for c, _, _ in CASES])
def test_each_ablation_changes_exactly_what_its_name_says(config, base, claimed):
    assert unclaimed_changes(config, base, claimed) == []


def test_every_ablation_config_has_its_claims():
    listed = {**PIX2PIX_CHANGES, **CYCLEGAN_CHANGES, **BICYCLE_CHANGES}
    configs = [p.stem for folder in (PIX2PIX, CYCLEGAN) for p in folder.glob('[!_]*.py')]
    bicycle = [p.stem for p in BICYCLE.glob('*.py') if p.read_text().count("'./z8_all.py'")]
    assert sorted(configs + bicycle) == sorted(listed)


def test_a_cvae_gan_with_its_latent_loss_switched_back_on_is_refused(tmp_path):
    text = (BICYCLE / 'cvae_gan.py').read_text()
    assert ', z_L1=None' in text
    mutant = tmp_path / 'cvae_gan.py'
    mutant.write_text(text.replace(', z_L1=None', '').replace(
        "'./z8_all.py'", repr(str(BICYCLE / 'z8_all.py'))))
    assert unclaimed_changes(mutant, BICYCLE / 'z8_all.py', BICYCLE_CHANGES['cvae_gan']) == [
        "model.losses.z_L1 is {'type': 'L1Loss', 'loss_weight': 0.5, 'inputs': {'pred': "
        "'mu_random', 'target': 'z_random'}}, not the claimed None"]


def test_a_patchgan16_that_also_widens_g_is_refused(tmp_path):
    mutant = tmp_path / 'patchgan16.py'
    mutant.write_text(f"_base_ = [{str(PIX2PIX / 'patchgan16.py')!r}]\n"
                      'model = dict(nets=dict(G=dict(base_channels=32)))\n')
    assert unclaimed_changes(mutant, PIX2PIX / '_base_small.py', PIX2PIX_CHANGES['patchgan16']) \
        == ['model.nets.G.base_channels changed but not claimed']
