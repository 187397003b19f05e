"""The CycleGAN paper's loss ablations (and the GAN-loss and pool switches) are configs over one
small base: each builds, trains two iterations with exactly its loss terms, tests, and its model
changes what its name says (its config's changes: test_ablation_meanings.py)."""
import pytest
import torch

from ablation_steps import REPO, model_and_optimizers, random_batch

FOLDER = REPO / 'configs' / 'cyclegan' / 'ablations'
SIZE = 64  # the base's image size
GAN = {f'loss_GAN_{d}_{part}' for d in 'AB' for part in ('G', 'D_fake', 'D_real')}
CYCLES = {'loss_cycle_A', 'loss_cycle_B'}
IDENTITY = {'loss_idt_A', 'loss_idt_B'}
#: variant -> the losses its training step logs
LOGGED = {
    'full': GAN | CYCLES | IDENTITY,
    'gan_only': GAN,
    'cycle_only': CYCLES,
    'gan_forward_cycle': GAN | {'loss_cycle_A'},
    'gan_backward_cycle': GAN | {'loss_cycle_B'},
    'no_identity': GAN | CYCLES,
    'vanilla_gan': GAN | CYCLES | IDENTITY,
    'no_pool': GAN | CYCLES | IDENTITY,
}


def test_the_folder_holds_the_papers_variants_and_its_base():
    assert sorted(p.stem for p in FOLDER.glob('*.py')) == sorted(['_base_small', *LOGGED])


@pytest.mark.parametrize('name', sorted(LOGGED))
def test_every_ablation_builds_and_trains_two_iterations(name):
    model, optimizers = model_and_optimizers(FOLDER / f'{name}.py')
    for iteration in range(2):
        logs = model.train_step(random_batch(SIZE, iteration), optimizers)
    assert set(logs) == LOGGED[name]
    assert all(torch.isfinite(value) for value in logs.values())
    sample = model.test_step({**random_batch(SIZE, 5), 'A_path': ['a.png'],
                              'B_path': ['b.png']})[0]
    assert sample['fake_B'].shape == sample['fake_A'].shape == (3, SIZE, SIZE)


def test_cycle_only_trains_the_generators_alone():
    model = model_and_optimizers(FOLDER / 'cycle_only.py')[0]
    assert model.discriminator_names == ()
    assert model.generator_names == ('G_A', 'G_B')


@pytest.mark.parametrize('name,gan_mode,pool_size', [
    ('full', 'lsgan', 50), ('vanilla_gan', 'vanilla', 50), ('no_pool', 'lsgan', 0)])
def test_gan_loss_and_pool_ablations_switch_only_their_part(name, gan_mode, pool_size):
    model = model_and_optimizers(FOLDER / f'{name}.py')[0]
    for term in model.adversarial.values():
        assert term.gan_loss.gan_mode == gan_mode
        assert term.pool.pool_size == pool_size


def test_without_a_pool_the_discriminator_sees_the_latest_fakes():
    model = model_and_optimizers(FOLDER / 'no_pool.py')[0]
    fakes = torch.randn(1, 3, SIZE, SIZE)
    assert model.adversarial['GAN_A'].pool(fakes) is fakes
