"""Checkpoints as training writes them (weights + ``meta['cfg']``), built in-process for speed,
once per session (read-only: a test that changes one copies it first)."""
from pathlib import Path

import pytest
import torch

from i2itools.apis import build_model
from i2itools.engine.config_loading import load_config
from tiny_configs import TINY_CONFIG, TINY_CYCLEGAN, write_tiny_config

REPO = Path(__file__).resolve().parents[2]

TINY_BICYCLE = '''
_base_ = ['{repo}/configs/bicycle/z8_all.py']
_d = dict(base_channels=4, num_layers=2)
model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), E=dict(num_blocks=2, base_channels=4),
                       D=_d, D2=_d))
'''


def _checkpoint(config, path):
    """Save a freshly built model of ``config`` the way mmengine's CheckpointHook does."""
    cfg = load_config(str(config))
    torch.manual_seed(0)
    model = build_model(cfg, 'cpu')
    torch.save(dict(meta=dict(cfg=cfg.pretty_text, iter=2), state_dict=model.state_dict(),
                    optimizer={}), path)
    return path


@pytest.fixture(scope='session')
def pix2pix_checkpoint(tmp_path_factory, tiny_data):
    """A tiny pix2pix checkpoint (U-Net of 5 levels, 4 base channels, batch norm, dropout)."""
    folder = tmp_path_factory.mktemp('pix2pix_checkpoint')
    config = write_tiny_config(folder / 'tiny_pix2pix.py', TINY_CONFIG, tiny_data)
    return _checkpoint(config, folder / 'pix2pix.pth')


@pytest.fixture(scope='session')
def bicycle_checkpoint(tmp_path_factory):
    """A tiny BicycleGAN z8_all checkpoint (nz 8, z added to all layers; 32 px encoder)."""
    folder = tmp_path_factory.mktemp('bicycle_checkpoint')
    config = folder / 'tiny_bicycle.py'
    config.write_text(TINY_BICYCLE.format(repo=REPO))
    return _checkpoint(config, folder / 'bicycle.pth')


@pytest.fixture(scope='session')
def cyclegan_checkpoint(tmp_path_factory, tiny_data):
    """A tiny CycleGAN checkpoint (ResNet generators G_A, G_B of 1 block, instance norm)."""
    folder = tmp_path_factory.mktemp('cyclegan_checkpoint')
    config = write_tiny_config(folder / 'tiny_cyclegan.py', TINY_CYCLEGAN, tiny_data)
    return _checkpoint(config, folder / 'cyclegan.pth')


@pytest.fixture
def reference_dir():
    """The folder of the reference implementations' fixtures (weights, inputs, outputs)."""
    return REPO / 'tests' / 'fixtures' / 'reference'
