"""The reference-loop harness trains what i2itools trains: its first step gives the gradients of
i2itools' step (pix2pix, CycleGAN, BicycleGAN), its epochs give LinearDecayLR's lr curve, and a
short run writes reference-format weights."""
import copy
import json

import pytest
import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict

from gradient_recording import RecordingAdam
from i2itools.apis import build_model
from i2itools.apis.reference_loop import (iterations_per_epoch, reference_schedulers,
                                          reference_steps, train_reference_loop)
from i2itools.apis.reference_loop.data import to_unit_range
from i2itools.apis.reference_loop.training import run_epochs
from i2itools.engine.config_loading import load_config
from i2itools.engine.schedulers import LinearDecayLR

REPO_CONFIGS = {
    'pix2pix': ('pix2pix/synth_facades.py', dict(G=dict(num_downs=5, base_channels=4),
                                                 D=dict(base_channels=4, num_layers=2))),
    'cyclegan': ('cyclegan/synth_stripes.py', dict(
        G_A=dict(base_channels=4, num_blocks=1), G_B=dict(base_channels=4, num_blocks=1),
        D_A=dict(base_channels=4, num_layers=2), D_B=dict(base_channels=4, num_layers=2))),
    'bicycle': ('bicycle/z8_all.py', dict(
        G=dict(num_downs=5, base_channels=4), E=dict(num_blocks=2, base_channels=4),
        D=dict(base_channels=4, num_layers=2), D2=dict(base_channels=4, num_layers=2))),
}


def _tiny_model(family):
    path, nets = REPO_CONFIGS[family]
    cfg = load_config(f'configs/{path}')
    for name, options in nets.items():
        cfg.model.nets[name].update(options)
    torch.manual_seed(0)
    return build_model(cfg, 'cpu')


def _batch(batch_size, size=32):
    gen = torch.Generator().manual_seed(3)
    return {k: torch.randint(0, 256, (batch_size, 3, size, size), dtype=torch.uint8, generator=gen)
            for k in ('A', 'B')}


def _gradients_of_one_step(family, batch_size):
    """(i2itools' gradients, the harness's) of one step from the same weights and seed, per
    optimizer of the harness (i2itools' nets of one reference optimizer concatenated)."""
    model = _tiny_model(family)
    harness = reference_steps(copy.deepcopy(model), RecordingAdam, batch_size)
    names = model.generator_names + model.discriminator_names
    wrappers = OptimWrapperDict(**{n: OptimWrapper(RecordingAdam(getattr(model, n).parameters()))
                                   for n in names})
    batch = _batch(batch_size)
    torch.manual_seed(50)
    model.train_step(batch, wrappers)
    tensors = model.data_preprocessor(batch)
    torch.manual_seed(50)
    harness.optimize_parameters(tensors['A'], tensors['B'])
    groups = dict(G=('G_A', 'G_B'), D=('D_A', 'D_B')) if family == 'cyclegan' else {}
    ours = {key: [g for n in groups.get(key, (key,)) for g in wrappers[n].optimizer.grads[0]]
            for key in harness.optimizers}
    return ours, {key: opt.grads[0] for key, opt in harness.optimizers.items()}


@pytest.mark.parametrize('family,batch_size', [('pix2pix', 1), ('cyclegan', 1), ('bicycle', 2)])
def test_first_step_gives_the_gradients_of_the_i2itools_step(family, batch_size):
    ours, theirs = _gradients_of_one_step(family, batch_size)
    assert set(ours) == set(theirs) and all(len(theirs[k]) for k in theirs)
    for key in theirs:
        assert len(ours[key]) == len(theirs[key]), key
        for mine, reference in zip(ours[key], theirs[key]):
            torch.testing.assert_close(mine, reference, rtol=1e-5, atol=1e-8, msg=key)


def test_images_are_scaled_as_the_data_preprocessor_does():
    model = _tiny_model('pix2pix')
    batch = _batch(2)
    torch.testing.assert_close(to_unit_range(batch['A']), model.data_preprocessor(batch)['A'],
                               rtol=0, atol=1e-6)


class _LrRecorder:
    """Steps that only record the lr each iteration runs at."""

    def __init__(self, step_lr_at):
        self.step_lr_at = step_lr_at
        self.optimizer = torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], lr=2e-4)
        self.lrs = []

    def is_train(self, batch_size):
        return True

    def optimize_parameters(self, real_A, real_B):
        self.lrs.append(self.optimizer.param_groups[0]['lr'])
        return {}


@pytest.mark.parametrize('step_lr_at', ['start', 'end'])
def test_epochs_run_at_the_lr_curve_of_linear_decay_lr(step_lr_at):
    n_epochs, n_decay, per_epoch = 3, 4, 2
    recorder = _LrRecorder(step_lr_at)
    loader = [dict(A=torch.zeros(1, 3, 2, 2, dtype=torch.uint8),
                   B=torch.zeros(1, 3, 2, 2, dtype=torch.uint8))] * per_epoch
    run_epochs(recorder, reference_schedulers([recorder.optimizer], n_epochs, n_decay), loader,
               n_epochs + n_decay)
    total = per_epoch * (n_epochs + n_decay)
    optimizer = torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))], lr=2e-4)
    ours = LinearDecayLR(optimizer, iters_per_epoch=per_epoch, step_at=step_lr_at,
                         n_epochs=n_epochs, n_epochs_decay=n_decay, end=total)
    expected = []
    for _ in range(total):
        expected.append(optimizer.param_groups[0]['lr'])
        ours.step()
    assert recorder.lrs == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert recorder.lrs[-1] == (0 if step_lr_at == 'start' else pytest.approx(2e-4 / (n_decay + 1)))


def test_bicyclegan_skips_a_smaller_last_batch_and_counts_epochs_so():
    assert iterations_per_epoch(('G', 'D', 'D2', 'E'), 7, 2) == 3
    assert iterations_per_epoch(('G', 'D'), 7, 2) == 4
    steps = reference_steps(_tiny_model('bicycle'), RecordingAdam, batch_size=2)
    assert steps.is_train(2) and not steps.is_train(1)


def test_a_short_run_writes_reference_weights_that_load(tiny_config, tmp_path):
    cfg = load_config(str(tiny_config))
    record = train_reference_loop(cfg, tmp_path / 'run', seed=0, n_epochs=1, n_epochs_decay=1)
    assert record['iterations'] == 2 * 3  # 6 pairs in batches of 2, two epochs
    assert json.loads((tmp_path / 'run' / 'run.json').read_text())['iterations'] == 6
    for name in ('G', 'D'):
        state = torch.load(tmp_path / 'run' / f'latest_net_{name}.pth', weights_only=True)
        getattr(build_model(cfg, 'cpu'), name).load_state_dict(state)


def test_a_config_with_another_objective_is_refused():
    model = _tiny_model('bicycle')
    model.losses.pop('z_L1')
    with pytest.raises(ValueError, match=r"lacks \['losses.z_L1'\]"):
        reference_steps(model, RecordingAdam, 2)


def test_the_i2itools_step_inside_the_loop_gives_the_reference_step_gradients():
    """``step='i2itools'`` runs the model's own train_step in the loop (the same draws, in the
    same order), so a difference between the two loops is one of the step."""
    model = _tiny_model('bicycle')
    ours = reference_steps(copy.deepcopy(model), RecordingAdam, 2, step='i2itools')
    theirs = reference_steps(model, RecordingAdam, 2)
    images = [to_unit_range(_batch(2)[k]) for k in ('A', 'B')]
    for steps in (ours, theirs):
        torch.manual_seed(50)
        steps.optimize_parameters(*images)
    for name, optimizer in theirs.optimizers.items():
        for mine, reference in zip(ours.optimizers[name].grads[0], optimizer.grads[0]):
            torch.testing.assert_close(mine, reference, rtol=1e-5, atol=1e-8, msg=name)
