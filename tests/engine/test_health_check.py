""""Is it translating?": the health numbers and the warnings they give, the discriminators'
accuracy, and the check in real (tiny) runs of deliberately broken configs."""
import json
from pathlib import Path

import pytest
import torch
from tool_runs import run_tool_in_process

from i2itools.apis.checkpoint_health import checkpoint_health
from i2itools.engine.config_loading import load_config
from i2itools.engine.health_report import health_section
from i2itools.engine.training_health import (MIN_D_ITERATIONS, judgement, judgement_warnings,
                                             translation_health, translation_warnings)
from i2itools.models.losses.gan_loss import GANLoss

REPO = Path(__file__).resolve().parents[2]


def images(count, seed, channels=3, size=16):
    return torch.rand(count, channels, size, size, generator=torch.Generator().manual_seed(seed)) \
        * 2 - 1


# ------------------------------------------------------------------- output side
def test_a_copy_of_the_input_is_nearly_the_input():
    inputs = images(8, 0)
    health = translation_health('AtoB', inputs, inputs + 0.01)
    assert health.change == pytest.approx(0.005)
    assert health.input_spread == pytest.approx(1 / 3, abs=0.03)  # |u - v| / 2, u, v ~ U(-1, 1)
    warnings = translation_warnings(health)
    assert len(warnings) == 1 and warnings[0].startswith(
        'AtoB: the output is nearly its input (they differ by 0.50% of the value range on '
        'average, two inputs by 3')


def test_one_output_for_every_input_is_a_collapse():
    health = translation_health('AtoB', images(8, 0), images(1, 1).expand(8, -1, -1, -1))
    assert health.output_spread == 0
    [warning] = translation_warnings(health)
    assert 'every input gives nearly the same output (outputs differ by 0.00%' in warning


def test_a_translation_that_changes_and_follows_its_input_gives_no_warning():
    inputs = images(8, 0)
    assert translation_warnings(translation_health('AtoB', inputs, -inputs)) == []


def test_samples_that_ignore_the_latent_code_are_named():
    outputs = images(6, 2)
    same = outputs[:, None].expand(-1, 4, -1, -1, -1)
    health = translation_health('samples: A -> samples_B', images(6, 0), same)
    assert health.z_spread == 0
    [warning] = translation_warnings(health)
    assert 'the samples of one input are nearly the same' in warning
    varied = torch.stack([images(6, seed) for seed in range(10, 14)], 1)
    assert translation_warnings(translation_health('s', images(6, 0), varied)) == []


def test_inputs_and_outputs_of_other_channels_are_compared_by_their_means():
    grey = images(4, 0, channels=1)
    health = translation_health('AtoB', grey, grey.expand(-1, 3, -1, -1))
    assert health.change == pytest.approx(0, abs=1e-6)


# ------------------------------------------------------------------ discriminator
@pytest.mark.parametrize('mode, real, fake, expected', [
    ('vanilla', [3.0, -1.0], [-2.0, 0.5], (0.5, 0.5)),
    ('lsgan', [0.9, 0.6, 0.2, 1.0], [0.1, 0.7, 0.4, 0.0], (0.75, 0.75)),
    ('hinge', [1.0, 2.0], [-1.0, -3.0], (1.0, 1.0)),
])
def test_gan_loss_counts_the_right_decisions_of_d(mode, real, fake, expected):
    loss = GANLoss(mode)
    assert (float(loss.accuracy(torch.tensor(real), True)),
            float(loss.accuracy(torch.tensor(fake), False))) == expected


def test_multi_scale_decisions_are_counted_over_every_patch_and_wgangp_has_none():
    loss = GANLoss('lsgan')
    assert float(loss.accuracy([torch.ones(3), torch.zeros(1)], True)) == 0.75
    assert GANLoss('wgangp').accuracy(torch.ones(2), True) is None


def accuracies(real, fake, count):
    return [dict(real=torch.tensor(real), fake=torch.tensor(fake))] * count


def test_a_discriminator_that_is_always_right_has_won():
    judged = judgement('GAN', accuracies(0.998, 0.995, 100), 901, 1000)
    [warning] = judgement_warnings(judged)
    assert warning.startswith('GAN: D told real from fake in 99.8% / 99.5% of its decisions over '
                              'iterations 901-1000: it has won')


def test_a_discriminator_facing_a_generator_that_does_not_learn_has_won():
    # measured: pix2pix with G's learning rate 0, its first 1,000 iterations (docs/training.md)
    assert judgement_warnings(judgement('GAN', accuracies(0.988, 0.990, 1000), 1, 1000))
    # a cLR-GAN's D2 at the end of its decay, and a healthy z8_all's D: not won
    assert judgement_warnings(judgement('GAN2', accuracies(0.971, 0.983, 1000), 5001, 6000)) == []
    assert judgement_warnings(judgement('GAN', accuracies(0.855, 0.969, 1000), 5001, 6000)) == []


def test_a_discriminator_that_takes_every_fake_for_real_has_lost():
    [warning] = judgement_warnings(judgement('GAN_A', accuracies(0.9, 0.004, 100), 1, 100))
    assert 'GAN_A: D took 99.6% of the fakes for real over iterations 1-100: it has lost' in \
        warning


def test_a_balanced_or_short_record_of_a_discriminator_gives_no_warning():
    assert judgement_warnings(judgement('GAN', accuracies(0.7, 0.6, 100), 1, 100)) == []
    short = accuracies(1.0, 1.0, MIN_D_ITERATIONS - 1)
    assert judgement_warnings(judgement('GAN', short, 1, len(short))) == []


# ------------------------------------------------------------ real runs, tiny nets
TINY = '''
_base_ = ['{repo}/configs/{base}']
data_root = '{data}'
builtin = dict(_delete_=True, name='{builtin}', size={size}, num_train=4, num_val=0, num_test=4)
train_dataloader = dict(num_workers=0, persistent_workers=False,
                        dataset=dict(data_root=data_root, builtin=builtin, pipeline=[]))
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin,
                                                   pipeline=[]))
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=1000),
                     samples=dict(interval=1000), reference_weights=dict(interval=1000))
'''

COPY_PLUGIN = '''
import torch
from torch import nn
from i2itools.registry import MODELS


@MODELS.register_module()
class CopyInput(nn.Module):
    """A generator that returns its input: it has learnt nothing but the identity."""

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(()))

    def forward(self, x):
        return x * self.scale
'''


def train(tmp_path, base, builtin, size, body, *options):
    config = tmp_path / 'tiny.py'
    config.write_text(TINY.format(repo=REPO, base=base, data=tmp_path / 'data', builtin=builtin,
                                  size=size) + body)
    work = tmp_path / 'work'
    result = run_tool_in_process('train.py', config, '--work-dir', work, *options)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr, json.loads((work / 'health.json').read_text()), work


PIX2PIX = ("model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), "
           "D=dict(base_channels=4, num_layers=2)))\ntrain_cfg = dict(max_iters=3)\n")


def test_a_generator_that_copies_its_input_is_caught_at_the_end_of_a_run_without_validation(
        tmp_path, isolated_registries):
    plugin = tmp_path / 'copy_input.py'
    plugin.write_text(COPY_PLUGIN)
    log, checks, work = train(tmp_path, 'pix2pix/synth_facades.py', 'synth_facades', 32,
                              PIX2PIX + "model = dict(nets=dict(G=dict(_delete_=True, "
                              "type='CopyInput')))\n", '--plugins', plugin)
    [check] = checks
    assert check['iteration'] == 3
    assert check['translations'][0]['name'] == 'supervised: A -> fake_B'
    assert check['translations'][0]['change'] < 0.001  # its one weight moved a little
    assert 'WARNING - health at iteration 3: supervised: A -> fake_B: the output is nearly its ' \
           'input (they differ by 0.0' in log
    assert 'Is it translating?' in (work / 'report.html').read_text()
    # the saved checkpoint, judged again on its own, gives the same numbers and warning
    cfg = load_config(str(tmp_path / 'tiny.py'), plugins=[str(plugin)])
    [health], [warning] = checkpoint_health(cfg, str(work / 'iter_3.pth'), split='test',
                                            device='cpu')
    assert health.change == pytest.approx(check['translations'][0]['change'], abs=1e-6)
    assert 'the output is nearly its input' in warning


BROKEN_TRANSFORM = '''
from i2itools.registry import TRANSFORMS


@TRANSFORMS.register_module()
class BrokenOnPurpose:
    def __call__(self, images):
        raise RuntimeError('broken on purpose')
'''


def test_a_test_split_the_model_cannot_run_is_named_and_the_run_still_ends_cleanly(tmp_path):
    plugin = tmp_path / 'broken_transform.py'
    plugin.write_text(BROKEN_TRANSFORM)
    log, [check], work = train(
        tmp_path, 'pix2pix/synth_facades.py', 'synth_facades', 32,
        PIX2PIX + "test_dataloader = dict(dataset=dict(pipeline=[dict(type='BrokenOnPurpose')]))\n",
        '--plugins', plugin)
    assert ('health at the end: the test split could not be translated, so no output is '
            'checked (RuntimeError: broken on purpose)') in log
    assert check['translations'] == [] and [j['term'] for j in check['judgements']] == ['GAN']
    assert (work / 'iter_3.pth').exists()


def test_a_generator_frozen_at_zero_gives_one_output_and_the_check_says_so(tmp_path):
    log, [check], _ = train(tmp_path, 'pix2pix/synth_facades.py', 'synth_facades', 32, PIX2PIX,
                            '--cfg-options', 'model.nets.G.init.type=normal',
                            'model.nets.G.init.gain=0.0',
                            'optim_wrapper.G.optimizer.lr=0.0')
    assert check['translations'][0]['output_spread'] == 0
    assert 'every input gives nearly the same output (outputs differ by 0.00%' in log
    assert [j['term'] for j in check['judgements']] == ['GAN']


def test_each_validation_of_a_bicycle_run_measures_the_spread_over_z(tmp_path):
    body = ('model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), E=dict(num_blocks=3, '
            'base_channels=4), D=dict(base_channels=4, num_layers=2), D2=dict(base_channels=4, '
            'num_layers=2)))\n'
            'val_dataloader = dict(num_workers=0, persistent_workers=False, dataset=dict('
            'data_root=data_root, builtin=builtin, split="test", pipeline=[]))\n'
            'train_cfg = dict(max_iters=4, val_begin=2, val_interval=2)\n')
    log, checks, _ = train(tmp_path, 'bicycle/z8_all.py', 'synth_shapes', 64, body)
    assert [c['iteration'] for c in checks] == [2, 4]
    samples = {t['name']: t for t in checks[-1]['translations']}['samples: A -> samples_B']
    assert samples['z_spread'] is not None and samples['z_spread'] >= 0
    assert sorted(j['term'] for j in checks[-1]['judgements']) == ['GAN', 'GAN2']
    assert 'health at iteration 2: random: A -> fake_B_random: change ' in log


def test_the_report_section_lists_each_check_newest_first(tmp_path):
    (tmp_path / 'health.json').write_text(json.dumps([
        dict(iteration=1000, translations=[], judgements=[], warnings=[]),
        dict(iteration=2000, translations=[dict(name='AtoB: A -> fake_B', change=0.001,
                                                input_spread=0.2, output_spread=0.1)],
             judgements=[], warnings=['AtoB: the output is nearly its input <...>'])]))
    section = health_section(tmp_path)
    assert section.index('<td>2000</td>') < section.index('<td>1000</td>')
    assert 'AtoB: A -&gt; fake_B: change 0.10%, spread 10.00% (inputs 20.00%)' in section
    assert 'nearly its input &lt;...&gt;' in section
    assert health_section(tmp_path / 'elsewhere') == ''
