"""LinearDecayLR, stepped the way mmengine steps it, reproduces the reference lr curves."""
import pytest
import torch
from mmengine.optim import OptimWrapper

from i2itools.engine.schedulers import LinearDecayLR
from i2itools.registry import PARAM_SCHEDULERS

LR = 2e-4


def _wrapper():
    return OptimWrapper(torch.optim.Adam([torch.nn.Parameter(torch.zeros(2))], lr=LR))


def _run(wrapper, scheduler, num_iters):
    """The lr each iteration runs at, stepping as mmengine's ParamSchedulerHook does: the
    scheduler's construction sets the first lr, then it steps once after every iteration."""
    lrs = []
    for _ in range(num_iters):
        lrs.append(wrapper.get_lr()['lr'][0])
        wrapper.step()
        scheduler.step()
    return lrs


def _lrs_per_iteration(num_iters, **kwargs):
    wrapper = _wrapper()
    return _run(wrapper, LinearDecayLR(wrapper, begin=0, end=num_iters, **kwargs), num_iters)


def _pix2pix_factor(epoch, n_epochs, n_epochs_decay):
    """pytorch-CycleGAN-and-pix2pix: lambda_rule with epoch_count=1, the scheduler stepped at
    the start of every epoch, so 0-based epoch e runs at lambda_rule(e + 1)."""
    return 1.0 - max(0, epoch + 1 + 1 - n_epochs) / float(n_epochs_decay + 1)


def _bicyclegan_factor(epoch, niter, niter_decay):
    """BicycleGAN: the same rule stepped at the end of every epoch: epoch e runs at lambda(e)."""
    return 1.0 - max(0, epoch + 1 - niter) / float(niter_decay + 1)


N_EPOCHS, N_DECAY, EPOCH_LENGTH = 4, 4, 5


@pytest.mark.parametrize('step_at,reference', [('start', _pix2pix_factor),
                                               ('end', _bicyclegan_factor)])
def test_per_epoch_staircase_matches_the_reference_curve(step_at, reference):
    num_iters = (N_EPOCHS + N_DECAY) * EPOCH_LENGTH
    got = _lrs_per_iteration(num_iters, iters_per_epoch=EPOCH_LENGTH, step_at=step_at)
    expected = [LR * reference(i // EPOCH_LENGTH, N_EPOCHS, N_DECAY) for i in range(num_iters)]
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_pix2pix_curve_already_decays_in_the_fourth_epoch_and_ends_at_zero():
    # The two reference curves differ by one epoch; pin that difference explicitly.
    got = _lrs_per_iteration(40, iters_per_epoch=5, step_at='start')
    per_epoch = [got[e * 5] / LR for e in range(8)]
    assert per_epoch == pytest.approx([1, 1, 1, 0.8, 0.6, 0.4, 0.2, 0.0])
    assert all(got[e * 5: e * 5 + 5] == [got[e * 5]] * 5 for e in range(8))


def test_bicyclegan_curve_keeps_the_lr_for_n_epochs_and_ends_at_one_decay_step():
    got = _lrs_per_iteration(40, iters_per_epoch=5, step_at='end')
    per_epoch = [got[e * 5] / LR for e in range(8)]
    assert per_epoch == pytest.approx([1, 1, 1, 1, 0.8, 0.6, 0.4, 0.2])


@pytest.mark.parametrize('decay_start,n_const', [(0.25, 2), (0.75, 6)])
def test_decay_start_is_the_fraction_of_epochs_at_constant_lr(decay_start, n_const):
    num_epochs = 8
    got = _lrs_per_iteration(num_epochs * 3, iters_per_epoch=3, step_at='end', decay_start=decay_start)
    expected = [LR * _bicyclegan_factor(i // 3, n_const, num_epochs - n_const)
                for i in range(num_epochs * 3)]
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize('num_iters', [7, 10, 11])
def test_per_iteration_decay_reaches_zero_at_the_last_iteration(num_iters):
    got = _lrs_per_iteration(num_iters, step_at='start')
    assert got[0] == LR and got[-1] == 0
    assert all(a >= b for a, b in zip(got, got[1:]))


def test_per_iteration_decay_is_the_pix2pix_rule_with_one_iteration_per_epoch():
    got = _lrs_per_iteration(10, step_at='start')
    assert got == pytest.approx([LR * _pix2pix_factor(i, 5, 5) for i in range(10)],
                                rel=1e-12, abs=1e-15)


def test_construction_sets_the_first_iterations_lr():
    wrapper = _wrapper()
    LinearDecayLR(wrapper, end=4, decay_start=0., step_at='start')
    # pix2pix-style: the first iteration already runs at lambda(1) = 1 - 2 / 5
    assert wrapper.get_lr()['lr'][0] == pytest.approx(LR * 0.6)


def test_uneven_last_epoch_counts_as_an_epoch():
    # 11 iterations of 3 per epoch: 4 epochs (the last has 2 iterations), 2 constant, 2 decaying.
    got = _lrs_per_iteration(11, iters_per_epoch=3, step_at='end')
    expected = [LR * _bicyclegan_factor(i // 3, 2, 2) for i in range(11)]
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_iters_per_epoch_survives_the_registry_build_the_runner_uses():
    # mmengine's Runner builds schedulers with PARAM_SCHEDULERS.build(cfg, default_args=dict(
    # optimizer=..., iters_per_epoch=len(train_dataloader))); the config's iters_per_epoch must win.
    wrapper = _wrapper()
    cfg = dict(type='LinearDecayLR', begin=0, end=40, iters_per_epoch=5, step_at='end', by_epoch=False)
    scheduler = PARAM_SCHEDULERS.build(cfg, default_args=dict(optimizer=wrapper, iters_per_epoch=7))
    assert isinstance(scheduler, LinearDecayLR)
    assert scheduler.iters_per_epoch == 5
    assert _run(wrapper, scheduler, 40) == _lrs_per_iteration(40, iters_per_epoch=5, step_at='end')


def test_by_epoch_is_rejected():
    with pytest.raises(ValueError, match='by_epoch=False'):
        LinearDecayLR(_wrapper(), end=10, by_epoch=True)


def test_infinite_end_is_rejected():
    with pytest.raises(ValueError, match='finite end'):
        LinearDecayLR(_wrapper())


def test_unknown_step_at_is_rejected():
    with pytest.raises(ValueError, match="step_at.*'middle'"):
        LinearDecayLR(_wrapper(), end=10, step_at='middle')


@pytest.mark.parametrize('decay_start', [-0.1, 1.5])
def test_decay_start_outside_zero_one_is_rejected(decay_start):
    with pytest.raises(ValueError, match='decay_start'):
        LinearDecayLR(_wrapper(), end=10, decay_start=decay_start)


def test_rejected_config_leaves_the_optimizer_untouched():
    wrapper = _wrapper()
    with pytest.raises(ValueError):
        LinearDecayLR(wrapper, end=10, step_at='middle')
    assert wrapper.get_lr()['lr'][0] == LR
    assert 'initial_lr' not in wrapper.param_groups[0]   # a later scheduler starts clean


@pytest.mark.parametrize('n_epochs, n_epochs_decay, step_at', [(3, 1, 'start'), (150, 50, 'start'),
                                                              (2, 5, 'end')])
def test_the_reference_epoch_counts_give_the_reference_curve_also_when_uneven(
        n_epochs, n_epochs_decay, step_at):
    iters_per_epoch = 3
    num_iters = (n_epochs + n_epochs_decay) * iters_per_epoch
    lrs = _lrs_per_iteration(num_iters, iters_per_epoch=iters_per_epoch, step_at=step_at,
                             n_epochs=n_epochs, n_epochs_decay=n_epochs_decay)
    rule = _pix2pix_factor if step_at == 'start' else _bicyclegan_factor
    expected = [LR * rule(i // iters_per_epoch, n_epochs, n_epochs_decay) for i in range(num_iters)]
    assert lrs == pytest.approx(expected)


def test_a_run_stopped_early_keeps_the_epoch_counts_schedule():
    lrs = _lrs_per_iteration(4, n_epochs=150, n_epochs_decay=50)
    assert lrs == pytest.approx([LR] * 4)


@pytest.mark.parametrize('kwargs, message', [
    (dict(n_epochs=3), 'give both n_epochs and n_epochs_decay'),
    (dict(n_epochs=3, n_epochs_decay=1, decay_start=0.5), 'not both'),
    (dict(n_epochs=1, n_epochs_decay=1), 'spans 4 epochs, more than'),
])
def test_inconsistent_epoch_counts_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        _lrs_per_iteration(4, **kwargs)


def test_a_short_run_of_a_long_epoch_config_says_it_trains_at_lr_zero(capsys):
    from mmengine.logging import MMLogger
    MMLogger.get_instance('lr_zero_check', log_level='WARNING')
    lrs = _lrs_per_iteration(2, iters_per_epoch=100)
    assert lrs == [0.0, 0.0]
    assert 'trains at lr 0 from its first iteration' in capsys.readouterr().out
