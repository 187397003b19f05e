"""CUT and FastCUT against the reference (contrastive-unpaired-translation): its networks with their
NCE features, its patch sampler and PatchNCE, and one whole training iteration of each, run by the
generic Translator from the configs in configs/cut/."""
import ast
import json
from pathlib import Path

import pytest
import torch
from mmengine.config import Config

import i2itools  # noqa: F401
from i2itools.apis import build_model
from i2itools.engine.optimizers import MultiNetOptimWrapperConstructor
from i2itools.models.common import feature_channels, layer_features
from i2itools.models.losses import PatchNCELoss, patch_nce
from i2itools.models.reference_options import reference_net_cfg
from i2itools.registry import MODELS
from reference_fixtures import FIXTURES, reference_cases

REPO = Path(__file__).resolve().parents[2]
#: the reference's option names in the fixtures' calls -> the define_* arguments
OPTION_NAMES = {'normG': 'norm', 'normD': 'norm'}


def _load(case):
    return json.loads(case.read_text()), torch.load(case.with_suffix('.pt'), weights_only=True)


def _net_cfg(call):
    """Our config of the net the fixture's ``define_G(...)`` / ``define_D(...)`` call builds."""
    call = ast.parse(call, mode='eval').body
    positional = ('input_nc', 'output_nc') if call.func.id == 'define_G' else ('input_nc',)
    kwargs = dict(zip(positional, map(ast.literal_eval, call.args)))
    kwargs.update({OPTION_NAMES.get(k.arg, k.arg): ast.literal_eval(k.value)
                   for k in call.keywords if k.arg != 'init'})
    return reference_net_cfg('cut_' + call.func.id, **kwargs)


def _reference_net(meta, data):
    net = MODELS.build(_net_cfg(meta['call']))
    assert list(net.state_dict()) == meta['keys']
    net.load_state_dict(data['state_dict'], strict=True)
    return net.eval()


@pytest.mark.parametrize('case', reference_cases('cut_G_'), ids=lambda c: c.stem)
def test_generator_and_its_nce_features_match_the_reference(case):
    meta, data = _load(case)
    net = _reference_net(meta, data)
    with torch.no_grad():
        torch.testing.assert_close(net(data['input']), data['output'], atol=1e-5, rtol=0)
        features = layer_features(net, data['input'], meta['nce_layers'])
    for layer, feature in zip(meta['nce_layers'], features):
        torch.testing.assert_close(feature, data[f'feat_{layer}'], atol=1e-5, rtol=0)


@pytest.mark.parametrize('case', reference_cases('cut_D_'), ids=lambda c: c.stem)
def test_discriminator_matches_the_reference(case):
    meta, data = _load(case)
    with torch.no_grad():
        output = _reference_net(meta, data)(data['input'])
    torch.testing.assert_close(output, data['output'], atol=1e-5, rtol=0)


def test_patch_sampler_built_from_the_generator_config_matches_the_reference():
    meta, data = _load(FIXTURES / 'cut_F_mlp_sample.json')
    generator, = (_load(c)[0] for c in reference_cases('cut_G_resnet9_antialias'))
    layers = generator['nce_layers']
    channels = feature_channels(_net_cfg(generator['call']), layers)
    sampler = MODELS.build(dict(type='PatchSampler', in_channels=channels, num_patches=16,
                                out_channels=16))
    assert list(sampler.state_dict()) == meta['keys']
    sampler.load_state_dict(data['state_dict'], strict=True)
    with torch.no_grad():
        embeddings, ids = sampler([data[f'feat_{j}'] for j in layers],
                                  [data[f'ids_{j}'] for j in layers])
    for layer, embedding, used in zip(layers, embeddings, ids):
        assert torch.equal(used, data[f'ids_{layer}'])
        torch.testing.assert_close(embedding.flatten(0, 1), data[f'out_{layer}'], atol=1e-6,
                                   rtol=0)


def test_patch_nce_matches_the_reference_per_patch_and_in_the_mean():
    meta, data = _load(FIXTURES / 'cut_patchnce_b2.json')
    patches = meta['num_patches']
    query, key = (data[k].reshape(-1, patches, data[k].shape[-1]) for k in ('feat_q', 'feat_k'))
    torch.testing.assert_close(patch_nce(query, key), data['loss'], atol=1e-6, rtol=0)
    loss = PatchNCELoss(loss_weight=3.0)([query, query], [key, key])
    torch.testing.assert_close(loss, 3.0 * data['loss'].mean(), atol=1e-6, rtol=0)


# ---------------------------------------------------------------- one whole training iteration
def _fixture_model(config, options):
    """The Translator of ``config`` at the fixture's widths, its wrappers from the config's own
    optim_wrapper (one Adam per net), in training mode."""
    cfg = Config.fromfile(str(REPO / 'configs' / 'cut' / config))
    nets = cfg.model.nets
    nets.G.update(base_channels=options['ngf'])
    nets.D.update(base_channels=options['ndf'])
    channels = feature_channels(nets.G, cfg.model.branches.nce_A.layers)
    nets.F.update(in_channels=channels, num_patches=options['num_patches'],
                  out_channels=options['netF_nc'])
    model = build_model(cfg, 'cpu').train()
    settings = {k: v for k, v in cfg.optim_wrapper.items() if k != 'constructor'}
    wrappers = MultiNetOptimWrapperConstructor(settings)(model)
    return cfg, model, wrappers


def _step_inputs(data, meta):
    """A, B, and the draws of the reference step: the patch ids of its sampler calls that drew
    them (the first of each NCE term; the second reused them) and its flip."""
    batch = dict(A=data['A'], B=data['B'])
    for term, call in (('A', 0), ('B', 2)):
        if f'ids_call{call}_layer0' in data:
            batch[f'patch_ids_{term}'] = [data[f'ids_call{call}_layer{j}'] for j in range(5)]
    if meta['flip_draws']:
        batch['flipped'] = torch.tensor(meta['flip_draws'][0] < 0.5)
    return batch


def _gradients_at_step(wrapper):
    """The gradients ``wrapper``'s optimizer steps on, by parameter, kept when it steps (the
    wrappers clear them afterwards)."""
    kept = {}

    def keep(optimizer, args, kwargs):
        kept.update({p: p.grad.clone() for group in optimizer.param_groups
                     for p in group['params'] if p.grad is not None})

    wrapper.optimizer.register_step_pre_hook(keep)
    return kept


def _assert_same_step(net, grads, name, before, after):
    """``net``'s parameters equal the reference's after one Adam step, to 1e-5.

    Adam's first step moves each weight by ``lr * g / (|g| + eps)``, about ``lr * sign(g)``, so
    an element whose true gradient is zero takes the sign of float rounding noise, which no two
    implementations share: the biases of convs that an instance norm follows (the norm removes
    them exactly) and single elements whose gradient cancels. An element off by more than 1e-5
    must have such a gradient (below 1e-4 of the net's largest) and differ by at most 2 * lr;
    such elements stay few.
    """
    noise = 1e-4 * torch.stack([g.abs().max() for g in grads.values()]).max()
    off_count = total = 0
    for key, param in net.named_parameters():
        expected, start = after[f'{name}.{key}'], before[f'{name}.{key}']
        assert (expected - start).abs().max() > 0, key  # the reference did move it
        gap = (param.detach() - expected).abs()
        off = gap > 1e-5
        assert (grads[param][off].abs() < noise).all(), f'{name}.{key}: {gap.max():.2e}'
        assert (gap <= 2 * 2e-4 + 1e-6).all(), f'{name}.{key}: {gap.max():.2e}'
        off_count, total = off_count + int(off.sum()), total + gap.numel()
    for key, buffer in net.named_buffers():  # the blur kernels stay fixed
        torch.testing.assert_close(buffer, after[f'{name}.{key}'], atol=0, rtol=0)
    assert off_count < 0.01 * total, f'{off_count} of {total} elements off by more than 1e-5'


@pytest.mark.parametrize('config, case', [('horse2zebra_cut.py', 'cut_step_cut'),
                                          ('horse2zebra_fastcut.py', 'cut_step_fastcut')])
def test_one_training_iteration_gives_the_reference_weights_and_losses(config, case):
    meta, data = _load(FIXTURES / f'{case}.json')
    options, expected = meta['options'], meta['losses']
    cfg, model, wrappers = _fixture_model(config, options)
    before = {k[len('before_'):]: v for k, v in data.items() if k.startswith('before_')}
    after = {k[len('after_'):]: v for k, v in data.items() if k.startswith('after_')}
    for name in ('G', 'D', 'F'):
        getattr(model, name).load_state_dict(
            {k.split('.', 1)[1]: v for k, v in before.items() if k.startswith(f'{name}.')})

    grads = {name: _gradients_at_step(wrappers[name]) for name in ('G', 'D', 'F')}
    logs = model.train_step(_step_inputs(data, meta), wrappers)

    for name in ('G', 'D', 'F'):
        _assert_same_step(getattr(model, name), grads[name], name, before, after)
    weights = {n: cfg.model.losses[n].loss_weight / options['lambda_NCE']
               for n in ('NCE', 'NCE_Y') if cfg.model.losses.get(n)}
    assert set(weights) == {n for n in ('NCE', 'NCE_Y') if n in expected}
    got = {f'loss_{n}': logs[f'loss_{n}'] / w for n, w in weights.items()}
    got.update(loss_GAN_G=logs['loss_GAN_G'], loss_GAN_D_real=2 * logs['loss_GAN_D_real'],
               loss_GAN_D_fake=2 * logs['loss_GAN_D_fake'])
    want = {f'loss_{n}': expected[n] for n in weights}
    want.update(loss_GAN_G=expected['G_GAN'], loss_GAN_D_real=expected['D_real'],
                loss_GAN_D_fake=expected['D_fake'])
    for key, value in want.items():
        assert abs(got[key].item() - value) <= 1e-5 * max(1.0, abs(value)), key
    generator_total = sum(v for k, v in logs.items() if not k.startswith('loss_GAN_D'))
    assert abs(generator_total.item() - expected['G']) <= 1e-5 * expected['G']
