"""The fast path (``--fast``) rewrites the config for the device and trains to the same losses as
the faithful path: within float32 rounding without autocast, within bfloat16 rounding with it."""
from pathlib import Path

import pytest
import torch
from mmengine.optim import build_optim_wrapper

from i2itools.apis import build_model
from i2itools.engine import fast_path
from i2itools.engine.config_loading import load_config
from i2itools.engine.fast_path import apply_fast_path, fast_settings

REPO = Path(__file__).resolve().parents[2]

TINY = {
    'configs/pix2pix/synth_facades.py': dict(
        options={'model.nets.G.num_downs': 5, 'model.nets.G.base_channels': 8,
                 'model.nets.D.base_channels': 8}, batch_size=1),
    'configs/cyclegan/synth_stripes.py': dict(
        options={f'model.nets.{n}.base_channels': 8 for n in ('G_A', 'G_B', 'D_A', 'D_B')}
        | {'model.nets.G_A.num_blocks': 2, 'model.nets.G_B.num_blocks': 2}, batch_size=1),
    'configs/bicycle/z8_all.py': dict(
        options={f'model.nets.{n}.base_channels': 8 for n in ('G', 'D', 'D2', 'E')},
        batch_size=2),
}
#: (relative, absolute) tolerance of the first step and of the next two: the first starts
#: from the same weights (though a G-first model's D step follows one update); later ones
#: drift, as Adam turns rounding differences in tiny gradients into whole learning-rate steps
TOLERANCES = {None: [(1e-4, 1e-5), (2e-2, 1e-3)],
              'bfloat16': [(3e-2, 5e-3), (2e-1, 2e-2)]}


def _losses(config, fast, steps=3):
    setup = TINY[config]
    cfg = load_config(config, setup['options'])
    if fast is not None:
        cfg.fast = fast
        apply_fast_path(cfg, 'cpu')
    torch.manual_seed(0)
    model = build_model(cfg, 'cpu')
    if fast is not None and cfg.fast['matmul_convolutions']:
        assert model.use_matmul_convolutions() > 0
    wrappers = build_optim_wrapper(model, cfg.optim_wrapper)
    losses = []
    for step in range(steps):
        gen = torch.Generator().manual_seed(step)
        batch = {k: torch.randint(0, 256, (setup['batch_size'], 3, 32, 32), dtype=torch.uint8,
                                  generator=gen) for k in 'AB'}
        torch.manual_seed(100 + step)  # the same z and dropout on both paths
        losses.append({k: float(v) for k, v in model.train_step(batch, wrappers).items()})
    return losses


@pytest.mark.parametrize('autocast', [None, 'bfloat16'])
@pytest.mark.parametrize('config', list(TINY))
def test_fast_path_losses_match_the_faithful_path_within_the_stated_tolerance(config, autocast):
    faithful = _losses(config, fast=None)
    fast = _losses(config, fast=dict(autocast=autocast, matmul_convolutions=True))
    first, later = TOLERANCES[autocast]
    for step, (mine, theirs) in enumerate(zip(fast, faithful)):
        rel, abs_ = first if step == 0 else later
        assert mine.keys() == theirs.keys()
        for key in theirs:
            assert mine[key] == pytest.approx(theirs[key], rel=rel, abs=abs_), (step, key)


def test_auto_settings_follow_the_device(monkeypatch):
    cfg = load_config('configs/pix2pix/synth_facades.py')
    cfg.fast = True
    monkeypatch.setattr(fast_path, 'native_bfloat16', lambda: 'AVX512-BF16')
    assert fast_settings(cfg, 'cpu') == dict(autocast='bfloat16', fused_optimizer=True,
                                             channels_last=False, matmul_convolutions=True)
    monkeypatch.setattr(fast_path, 'native_bfloat16', lambda: None)
    assert fast_settings(cfg, 'cpu')['autocast'] is None  # emulated bfloat16 would be slower
    monkeypatch.setattr(torch.cuda, 'is_bf16_supported', lambda: True)
    assert fast_settings(cfg, 'cuda') == dict(autocast='bfloat16', fused_optimizer=True,
                                              channels_last=True, matmul_convolutions=False)
    cfg.fast = False
    assert fast_settings(cfg, 'cpu') is None


def test_a_config_file_may_set_single_settings_over_any_shipped_config(tmp_path):
    # the shipped configs set no `fast`: mmengine would refuse a dict over a False from _base_
    child = tmp_path / 'z8_all_fp32_fast.py'
    child.write_text(f"_base_ = ['{REPO}/configs/bicycle/z8_all.py']\n"
                     "fast = dict(autocast=None)\n")
    assert fast_settings(load_config(str(child)), 'cpu') == dict(
        autocast=None, fused_optimizer=True, channels_last=False, matmul_convolutions=True)
    assert fast_settings(load_config('configs/bicycle/z8_all.py'), 'cpu') is None


def test_apply_fast_path_rewrites_wrappers_optimizers_and_preprocessor(monkeypatch):
    monkeypatch.setattr(fast_path, 'native_bfloat16', lambda: 'AMX-BF16')
    cfg = load_config('configs/bicycle/z8_all.py', {'model.nets.E.base_channels': 8})
    cfg.optim_wrapper.E = dict(optimizer=dict(lr=1e-4))  # a per-net override keeps its type
    cfg.fast = dict(channels_last=True)
    line = apply_fast_path(cfg, 'cpu')
    assert line == ('fast path: bfloat16 autocast (CPU with AMX-BF16), fused optimizer on, '
                    'channels last on, matmul convolutions on')
    default = cfg.optim_wrapper.default
    assert default.type == 'MixedPrecisionOptimWrapper' and default.optimizer.fused is True
    assert cfg.model.data_preprocessor.channels_last is True
    wrappers = build_optim_wrapper(build_model(cfg, 'cpu'), cfg.optim_wrapper)
    assert all(w.optimizer.defaults['fused'] for w in wrappers.values())


def test_fast_path_refuses_what_it_cannot_do():
    cfg = load_config('configs/pix2pix/synth_facades.py')
    cfg.fast = dict(compile=True)
    with pytest.raises(KeyError, match=r"unknown settings \['compile'\]"):
        apply_fast_path(cfg, 'cpu')
    cfg.fast = True
    cfg.optim_wrapper.default.optimizer = dict(type='RMSprop', lr=1e-4)
    with pytest.raises(ValueError, match="torch has no fused 'RMSprop'"):
        apply_fast_path(cfg, 'cpu')
