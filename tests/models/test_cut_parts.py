"""The parts CUT is made of, each on its own: blur resampling, anti-aliased nets, reading features
by layer index, the patch sampler F, PatchNCE, the flip and patch branches; and the CUT configs,
which build the generic Translator (there is no CUT model class)."""
import re
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from torch import nn

import i2itools  # noqa: F401
from i2itools.apis import build_model
from i2itools.models.branches import PatchSampleBranch, RandomFlipBranch
from i2itools.models.common import feature_channels, layer_features
from i2itools.models.discriminators import NLayerDiscriminator
from i2itools.models.generators import ResnetGenerator
from i2itools.models.heads import PatchSampler
from i2itools.models.layers import BlurDownsample, BlurUpsample, binomial_filter
from i2itools.models.losses import PatchNCELoss, patch_nce

REPO = Path(__file__).resolve().parents[2]
CUT_CONFIGS = sorted((REPO / 'configs' / 'cut').glob('[!_]*.py'))


# ----------------------------------------------------------------------------- blur resampling
def test_binomial_filter_is_pascals_row_squared_and_normalised():
    expected = torch.tensor([1., 2., 1.])[:, None] * torch.tensor([1., 2., 1.]) / 16
    torch.testing.assert_close(binomial_filter(3), expected)
    assert binomial_filter(4).sum().item() == pytest.approx(1.0)
    with pytest.raises(ValueError, match='size >= 1'):
        binomial_filter(0)


@pytest.mark.parametrize('layer, size', [(BlurDownsample(2), (4, 3)), (BlurUpsample(2), (16, 12)),
                                         (BlurUpsample(2, kernel_size=3), (16, 12))])
def test_blur_resampling_halves_or_doubles_the_size_and_keeps_a_constant_image(layer, size):
    out = layer(torch.full((1, 2, 8, 6), 0.7))
    assert out.shape[-2:] == size
    torch.testing.assert_close(out, torch.full_like(out, 0.7))
    assert layer.filt.shape == (2, 1, layer.kernel_size, layer.kernel_size)


@pytest.mark.parametrize('net', [
    lambda: ResnetGenerator(base_channels=4, num_blocks=1, downsampling='antialiased',
                            upsampling='antialiased'),
    lambda: ResnetGenerator(base_channels=4, num_blocks=1, downsampling='antialiased'),
    lambda: ResnetGenerator(base_channels=4, num_blocks=1, upsampling='antialiased')],
    ids=['both', 'down', 'up'])
def test_anti_aliased_resnet_generator_keeps_the_image_size(net):
    assert net()(torch.rand(1, 3, 20, 12)).shape == (1, 3, 20, 12)


def test_unknown_resampling_names_the_choices():
    with pytest.raises(ValueError, match="downsampling 'blur'; expected one of strided, "
                                         'antialiased'):
        ResnetGenerator(downsampling='blur')
    with pytest.raises(ValueError, match='upsampling'):
        ResnetGenerator(upsampling='bilinear')
    with pytest.raises(ValueError, match='NLayerDiscriminator'):
        NLayerDiscriminator(downsampling='blurred')


# ------------------------------------------------------------------- features by layer index
def test_layer_features_are_the_outputs_of_the_layers_asked_for_and_stop_there():
    class Stop(nn.Module):
        def forward(self, x):
            raise AssertionError('ran past the deepest layer asked for')

    net = nn.Module()
    net.model = nn.Sequential(nn.Identity(), nn.Conv2d(1, 2, 1), nn.ReLU(), Stop())
    x = torch.rand(1, 1, 4, 4)
    padded, relu = layer_features(net, x, [0, 2])
    assert torch.equal(padded, x) and torch.equal(relu, net.model[1](x).relu())
    second, first = layer_features(net, x, [2, 0])  # in the order asked
    assert torch.equal(first, x)


def test_layer_features_refuse_bad_indices_and_nets_without_a_layer_list():
    net = ResnetGenerator(base_channels=4, num_blocks=1)
    with pytest.raises(ValueError, match=r'which has 20 layers \(0 to 19\)'):
        layer_features(net, torch.rand(1, 3, 8, 8), [0, 20])
    with pytest.raises(ValueError, match='distinct'):
        layer_features(net, torch.rand(1, 3, 8, 8), [4, 4])
    with pytest.raises(TypeError, match='no `model` Sequential'):
        layer_features(nn.Conv2d(3, 3, 1), torch.rand(1, 3, 8, 8), [0])


@pytest.mark.parametrize('config', CUT_CONFIGS, ids=lambda p: p.stem)
def test_each_cut_config_declares_the_channels_of_the_layers_it_samples(config):
    model = Config.fromfile(str(config)).model
    layers = model.branches.nce_A.layers
    assert tuple(model.nets.F.in_channels) == feature_channels(model.nets.G, layers)


# ------------------------------------------------------------------------------ patch sampler
def _features(*channels, size=4):
    return [torch.rand(2, c, size, size) for c in channels]


def test_patch_sampler_reuses_given_ids_and_draws_from_torchs_generator():
    sampler = PatchSampler(in_channels=(3, 5), num_patches=6, out_channels=4)
    features = _features(3, 5)
    torch.manual_seed(1)
    first, ids = sampler(features)
    torch.manual_seed(1)
    again, same_ids = sampler(features)
    assert all(torch.equal(a, b) for a, b in zip(ids, same_ids))
    replayed, given = sampler(features, ids)
    assert all(torch.equal(a, b) for a, b in zip(first, replayed))
    assert [e.shape for e in first] == [(2, 6, 4)] * 2
    torch.testing.assert_close(first[0].norm(dim=-1), torch.ones(2, 6))


def test_patch_sampler_takes_every_position_of_a_small_layer_and_may_skip_the_mlp():
    sampler = PatchSampler(in_channels=(3,), num_patches=100, use_mlp=False)
    (embedding,), (ids,) = sampler(_features(3, size=3))
    assert sorted(ids.tolist()) == list(range(9)) and embedding.shape == (2, 9, 3)
    assert not list(sampler.parameters())


def test_patch_sampler_names_the_channels_it_should_be_built_with():
    sampler = PatchSampler(in_channels=(3, 8))
    with pytest.raises(ValueError, match=r'in_channels=\(3, 5\)'):
        sampler(_features(3, 5))


# -------------------------------------------------------------------------------- PatchNCE
def test_batch_negatives_are_the_other_patches_of_every_image():
    torch.manual_seed(0)
    query, key = (nn.functional.normalize(torch.rand(2, 3, 4), dim=-1) for _ in range(2))
    flat_q, flat_k = query.reshape(6, 4), key.reshape(6, 4)
    similarity = (flat_q @ flat_k.T).masked_fill(torch.eye(6, dtype=torch.bool), -10.0)
    logits = torch.cat([(flat_q * flat_k).sum(1, keepdim=True), similarity], 1) / 0.07
    expected = nn.functional.cross_entropy(logits, torch.zeros(6, dtype=torch.long),
                                           reduction='none')
    torch.testing.assert_close(patch_nce(query, key, negatives='batch'), expected)
    assert not torch.allclose(patch_nce(query, key), expected)  # 'image' is another loss
    with pytest.raises(ValueError, match="'image', 'batch'"):
        PatchNCELoss(negatives='all')


def test_keys_get_no_gradient():
    query, key = (torch.rand(1, 4, 3, requires_grad=True) for _ in range(2))
    PatchNCELoss()([query], [key]).backward()
    assert query.grad is not None and key.grad is None


# --------------------------------------------------------------------------------- branches
def test_random_flip_uses_a_given_flag_or_draws_one_from_torch():
    image = torch.arange(6.).reshape(1, 1, 2, 3)
    branch = RandomFlipBranch(source='A', output='A_flip', flag='flipped')
    out = branch({'A': image, 'flipped': torch.tensor(True)}, {})
    assert torch.equal(out['A_flip'], image.flip(-1)) and out['flipped']
    assert torch.equal(branch({'A': image, 'flipped': False}, {})['A_flip'], image)
    draws = []
    for _ in range(2):
        torch.manual_seed(3)
        draws.append([bool(branch({'A': image}, {})['flipped']) for _ in range(8)])
    assert draws[0] == draws[1] and len(set(draws[0])) == 2
    assert not RandomFlipBranch(probability=0.0)({'A': image}, {})['flipped']


def test_patch_branch_mirrors_the_features_of_a_flipped_translation_back():
    encoder = nn.Module()
    encoder.model = nn.Sequential(nn.Identity(), nn.Conv2d(3, 4, 1))  # commutes with flips
    nets = dict(G=encoder, F=PatchSampler(in_channels=(3, 4), num_patches=5, out_channels=4))
    source = torch.rand(1, 3, 4, 4)
    tensors = dict(A=source, fake_B=source.flip(-1), flipped=torch.tensor(True))
    branch = PatchSampleBranch(layers=(0, 1), unflip='flipped')
    assert branch.requires == ('A', 'fake_B', 'flipped')
    out = branch(tensors, nets)
    for query, key in zip(out['patches_fake_B'], out['patches_A']):
        torch.testing.assert_close(query, key)
    plain = PatchSampleBranch(layers=(0, 1))
    assert plain.requires == ('A', 'fake_B')
    out = plain({**tensors, 'patch_ids_A': out['patch_ids_A']}, nets)
    assert not torch.allclose(out['patches_fake_B'][1], out['patches_A'][1])


# ---------------------------------------------------------------------------------- configs
def test_there_is_no_cut_model_class():
    sources = (REPO / 'i2itools').rglob('*.py')
    assert not [p for p in sources if re.search(r'^\s*class .*CUT', p.read_text(), re.M)]


@pytest.mark.parametrize('config', CUT_CONFIGS, ids=lambda p: p.stem)
def test_each_cut_config_builds_the_generic_model_with_f_trained_beside_g(config):
    cfg = Config.fromfile(str(config))
    cfg.model.nets.G.update(base_channels=4, num_blocks=6)
    cfg.model.nets.D.update(base_channels=4)
    cfg.model.nets.F.update(in_channels=(3, 8, 16, 16, 16), out_channels=8)
    model = build_model(cfg, 'cpu')
    assert type(model).__name__ == 'Translator'
    assert model.generator_names == ('G', 'F') and model.discriminator_names == ('D',)
    assert list(model.test_branches) == ['AtoB']
