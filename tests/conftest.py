"""Shared fixtures: a tiny pix2pix config on tiny built-in data, and a CLI runner."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

TINY_CONFIG = '''
_base_ = ['{repo}/configs/pix2pix/synth_facades.py']
model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), D=dict(base_channels=4, num_layers=2)))
data_root = '{data_root}'
builtin = dict(_delete_=True, name='synth_facades', size=32, num_train=6, num_val=0, num_test=3)
train_dataloader = dict(
    batch_size=2, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, builtin=builtin,
                 pipeline=[dict(type='Resize', size=36), dict(type='RandomCrop', size=32),
                           dict(type='RandomFlip')]))
test_dataloader = dict(
    num_workers=0, dataset=dict(data_root=data_root, builtin=builtin,
                                pipeline=[dict(type='Resize', size=32)]))
train_cfg = dict(max_iters=4)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''


@pytest.fixture
def tiny_config(tmp_path):
    """Path of a pix2pix config with 4-channel nets, 32 px built-in data, 4 iterations."""
    path = tmp_path / 'tiny_pix2pix.py'
    path.write_text(TINY_CONFIG.format(repo=REPO, data_root=tmp_path / 'data'))
    return path


TINY_CYCLEGAN = '''
_base_ = ['{repo}/configs/cyclegan/synth_stripes.py']
_g = dict(base_channels=4, num_blocks=1)
_d = dict(base_channels=4, num_layers=2)
model = dict(nets=dict(G_A=_g, G_B=_g, D_A=_d, D_B=_d))
data_root = '{data_root}'
builtin = dict(_delete_=True, name='synth_stripes', size=32, num_train=5, num_test=3)
train_dataloader = dict(
    batch_size=1, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, builtin=builtin,
                 pipeline=[dict(type='RandomCrop', size=32), dict(type='RandomFlip')]))
test_dataloader = dict(
    num_workers=0, dataset=dict(data_root=data_root, builtin=builtin,
                                pipeline=[dict(type='Resize', size=32)]))
train_cfg = dict(max_iters=4)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''


@pytest.fixture
def tiny_cyclegan_config(tmp_path):
    """Path of a CycleGAN config with 4-channel nets, 32 px built-in stripes, 4 iterations."""
    path = tmp_path / 'tiny_cyclegan.py'
    path.write_text(TINY_CYCLEGAN.format(repo=REPO, data_root=tmp_path / 'data'))
    return path


TINY_FASTCUT = '''
_base_ = ['{repo}/configs/cut/fastcut_synth_stripes.py']
model = dict(nets=dict(G=dict(base_channels=4), D=dict(base_channels=4, num_layers=2),
                       F=dict(in_channels=(3, 8, 16, 16, 16), num_patches=16, out_channels=8)))
data_root = '{data_root}'
builtin = dict(_delete_=True, name='synth_stripes', size=32, num_train=5, num_test=3)
# the reference's resize-crop, then none from the decay on (PipelineSwitchHook: iteration 3 of 6)
train_dataloader = dict(
    batch_size=1, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, builtin=builtin,
                 pipeline=[dict(type='Resize', size=36), dict(type='RandomCrop', size=32),
                           dict(type='RandomFlip')]))
custom_hooks = [dict(type='PipelineSwitchHook', at=0.5,
                     pipeline=[dict(type='Resize', size=32), dict(type='RandomFlip')])]
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin))
val_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin))
train_cfg = dict(max_iters=4)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''


@pytest.fixture
def tiny_fastcut_config(tmp_path):
    """Path of a FastCUT config with 4-channel nets, 32 px built-in stripes, 4 iterations, that
    stops resizing and cropping half-way."""
    path = tmp_path / 'tiny_fastcut.py'
    path.write_text(TINY_FASTCUT.format(repo=REPO, data_root=tmp_path / 'data'))
    return path


@pytest.fixture
def run_tool():
    """``run_tool('train.py', *args, env=None)``: run a script of tools/ and return the result."""

    def run(tool, *args, env=None, timeout=300):
        full_env = {**os.environ, 'PYTHONPATH': str(REPO), **(env or {})}
        return subprocess.run([sys.executable, str(REPO / 'tools' / tool), *map(str, args)],
                              cwd=REPO, env=full_env, capture_output=True, text=True,
                              timeout=timeout)

    return run


@pytest.fixture
def isolated_registries():
    """Undo, after the test, what importing plugins in this process registered and loaded."""
    from i2itools.registry import ALL_REGISTRIES
    for registry in ALL_REGISTRIES.values():
        registry.import_from_location()
    parts = {registry: dict(registry.module_dict) for registry in ALL_REGISTRIES.values()}
    modules, path = set(sys.modules), list(sys.path)
    yield
    for registry, saved in parts.items():
        registry._module_dict.clear()
        registry._module_dict.update(saved)
    for name in set(sys.modules) - modules:  # the plugins, not libraries they imported
        file = getattr(sys.modules[name], '__file__', None) or ''
        if not name.startswith('i2itools') and not file.startswith((sys.prefix, sys.base_prefix)):
            del sys.modules[name]
    sys.path[:] = path
