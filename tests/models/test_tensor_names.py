"""Every tensor name of a model (branch inputs and outputs, adversarial terms, loss inputs and
arguments) is checked when the model is built, with the closest known names in the message."""
import copy

import pytest

import i2itools.models  # noqa: F401  registers the parts
from i2itools.registry import MODELS

PIX2PIX = dict(
    type='Translator',
    nets=dict(G=dict(type='UnetGenerator', num_downs=5, base_channels=4),
              D=dict(type='NLayerDiscriminator', in_channels=6, base_channels=4, num_layers=2)),
    branches=dict(s=dict(type='SupervisedBranch', generator='G', source='A', output='fake_B')),
    adversarial=dict(GAN=dict(discriminator='D', fake='fake_B', real='B', condition='A')),
    losses=dict(L1=dict(type='L1Loss', loss_weight=100., inputs=dict(pred='fake_B', target='B'))),
)


def _build(edit):
    cfg = copy.deepcopy(PIX2PIX)
    edit(cfg)
    return MODELS.build(cfg)


def test_the_valid_config_builds():
    assert _build(lambda cfg: None).data_keys == ('A', 'B')


@pytest.mark.parametrize('edit, message', [
    (lambda c: c['losses']['L1']['inputs'].update(pred='fake_C'),
     r"loss 'L1' \(inputs.pred=\) reads 'fake_C'.*Did you mean: fake_B"),
    (lambda c: c['adversarial']['GAN'].update(fake='fakeB'),
     r"adversarial 'GAN' \(fake=\) reads 'fakeB'.*Did you mean: fake_B"),
    (lambda c: c['adversarial']['GAN'].update(real='b'),
     r"adversarial 'GAN' \(real=\) reads 'b'"),
    (lambda c: c['adversarial']['GAN'].update(condition='A_1'),
     r"adversarial 'GAN' \(condition=\) reads 'A_1'.*Did you mean: A"),
    (lambda c: c['branches']['s'].update(source='AA'),
     r"branch 's' \(SupervisedBranch\) reads 'AA'.*Did you mean: A"),
])
def test_a_misspelt_tensor_name_fails_at_build_with_the_closest_names(edit, message):
    with pytest.raises(KeyError, match=message):
        _build(edit)


def test_a_branch_listed_before_the_branch_it_reads_runs_after_it():
    def edit(cfg):
        cfg['branches'] = dict(
            back=dict(type='SupervisedBranch', generator='G', source='fake_B', output='rec'),
            s=cfg['branches']['s'])
    assert list(_build(edit).branches) == ['s', 'back']


def test_branches_reading_each_other_in_a_cycle_are_refused():
    def edit(cfg):
        cfg['branches'] = dict(
            one=dict(type='SupervisedBranch', generator='G', source='two_out', output='one_out'),
            two=dict(type='SupervisedBranch', generator='G', source='one_out', output='two_out'))
    with pytest.raises(ValueError, match=r"branches \['one', 'two'\] read each other's outputs"):
        _build(edit)


def test_two_branches_writing_one_name_are_refused():
    def edit(cfg):
        cfg['branches']['again'] = dict(type='SupervisedBranch', generator='G', source='B',
                                        output='fake_B')
    with pytest.raises(KeyError, match="branch 'again' writes 'fake_B', which branch 's'"):
        _build(edit)


def test_a_loss_argument_that_does_not_exist_is_refused():
    with pytest.raises(KeyError, match=r"no argument \['prediction'\].*pred"):
        _build(lambda c: c['losses']['L1'].update(inputs=dict(prediction='fake_B', target='B')))


def test_a_loss_argument_left_without_input_is_refused():
    with pytest.raises(KeyError, match=r"needs inputs for \['target'\]"):
        _build(lambda c: c['losses']['L1'].update(inputs=dict(pred='fake_B')))


def test_extra_data_keys_are_declared_in_the_config():
    def edit(cfg):
        cfg['losses']['mask_L1'] = dict(type='L1Loss', inputs=dict(pred='fake_B', target='mask'))
    with pytest.raises(KeyError, match=r"model.data_keys=\['A', 'B'\]"):
        _build(edit)
    _build(lambda c: (edit(c), c.update(data_keys=('A', 'B', 'mask'))))


def test_freezing_a_net_the_branch_does_not_run_is_refused():
    with pytest.raises(KeyError, match=r"freezes \['E'\], which it does not run"):
        _build(lambda c: c['branches']['s'].update(frozen=('E',)))
