"""The pix2pix paper's ablations are configs over one small base: each builds, trains two
iterations with exactly its loss terms, tests, and its model changes what its name says (its
config's changes: test_ablation_meanings.py)."""
import pytest
import torch

from ablation_steps import REPO, model_and_optimizers, random_batch
from i2itools.models.discriminators import NLayerDiscriminator, PixelDiscriminator
from i2itools.models.generators import UnetSkipBlock
from i2itools.models.losses import L1Loss, MSELoss

FOLDER = REPO / 'configs' / 'pix2pix' / 'ablations'
SIZE = 96  # the base's image size
GAN = {'loss_GAN_G', 'loss_GAN_D_fake', 'loss_GAN_D_real'}
#: variant -> the losses its training step logs
LOGGED = {
    'l1_only': {'loss_L1'},
    'cgan_only': GAN,
    'l1_gan': GAN | {'loss_L1'},
    'l1_cgan': GAN | {'loss_L1'},
    'l2_cgan': GAN | {'loss_L2'},
    'encoder_decoder': GAN | {'loss_L1'},
    'pixelgan': GAN | {'loss_L1'},
    'patchgan16': GAN | {'loss_L1'},
    'patchgan70': GAN | {'loss_L1'},
    'imagegan': GAN | {'loss_L1'},
}


def _model(name):
    return model_and_optimizers(FOLDER / f'{name}.py')[0]


def test_the_folder_holds_the_papers_variants_and_its_base():
    assert sorted(p.stem for p in FOLDER.glob('*.py')) == sorted(['_base_small', *LOGGED])


@pytest.mark.parametrize('name', sorted(LOGGED))
def test_every_ablation_builds_and_trains_two_iterations(name):
    model, optimizers = model_and_optimizers(FOLDER / f'{name}.py')
    nets = model.generator_names + model.discriminator_names
    before = {n: [p.detach().clone() for p in getattr(model, n).parameters()] for n in nets}
    for iteration in range(2):
        logs = model.train_step(random_batch(SIZE, iteration), optimizers)
    assert set(logs) == LOGGED[name]
    assert all(torch.isfinite(value) for value in logs.values())
    for net in nets:  # every trainable net took its steps
        after = getattr(model, net).parameters()
        assert any(not torch.equal(old, new) for old, new in zip(before[net], after)), net
    sample = model.test_step({**random_batch(SIZE, 5), 'A_path': ['x.png']})[0]
    assert sample['fake_B'].shape == (3, SIZE, SIZE)


def test_objective_ablations_change_the_discriminator_input_and_the_pixel_loss():
    no_d = _model('l1_only')
    assert no_d.discriminator_names == () and not hasattr(no_d, 'D')
    conditional, unconditional = _model('l1_cgan'), _model('l1_gan')
    assert conditional.adversarial['GAN'].condition == 'A'
    assert conditional.D.model[0].in_channels == 6
    assert unconditional.adversarial['GAN'].condition is None
    assert unconditional.D.model[0].in_channels == 3
    assert isinstance(conditional.losses['L1'], L1Loss)
    l2 = _model('l2_cgan').losses
    assert list(l2) == ['L2'] and isinstance(l2['L2'], MSELoss) and l2['L2'].loss_weight == 100
    assert list(_model('cgan_only').losses) == []


def test_encoder_decoder_is_the_unet_without_skips():
    def inner_skips(model):
        blocks = [m for m in model.G.modules() if isinstance(m, UnetSkipBlock)]
        return [block.skip for block in blocks if not block.outermost]

    assert inner_skips(_model('l1_cgan')) == [True] * 4
    assert inner_skips(_model('encoder_decoder')) == [False] * 4


@pytest.mark.parametrize('name,kind,layers', [
    ('pixelgan', PixelDiscriminator, None), ('patchgan16', NLayerDiscriminator, 1),
    ('patchgan70', NLayerDiscriminator, 3), ('imagegan', NLayerDiscriminator, 5)])
def test_receptive_field_ablations_change_only_the_discriminator(name, kind, layers):
    model = _model(name)
    assert type(model.D) is kind
    convs = [m for m in model.D.modules() if isinstance(m, torch.nn.Conv2d)]
    assert sum(conv.stride == (2, 2) for conv in convs) == (layers or 0)
    base = _model('l1_cgan')
    assert model.adversarial['GAN'].condition == 'A' and list(model.losses) == ['L1']
    assert [p.shape for p in model.G.parameters()] == [p.shape for p in base.G.parameters()]
