"""Plugins through the tools: the examples train from their configs; a plugin outside the
repository trains via --plugins and via PYTHONPATH + custom_imports; test.py finds the plugins a
checkpoint needs or says which is gone; list_components marks plugin parts."""
import os
import re
import shutil
from pathlib import Path

import pytest
from mmengine.config import Config

from i2itools.plugins import recorded_in_checkpoint

REPO = Path(__file__).resolve().parents[2]

#: a loss of one's own, in a file outside the repository
OUTSIDE_LOSS = '''
import torch.nn.functional as F

from i2itools.models.losses.pixel_loss import PixelLoss
from i2itools.registry import MODELS


@MODELS.register_module()
class OutsideL1Loss(PixelLoss):
    """L1 from a plugin outside the repository."""

    criterion = staticmethod(F.l1_loss)
'''

#: appended to the tiny config (which has set ``model`` already): its L1 term uses that loss
USE_OUTSIDE_LOSS = "\nmodel['losses'] = dict(L1=dict(type='OutsideL1Loss'))\n"


def _train(run_tool, config, work, *extra, env=None):
    result = run_tool('train.py', config, '--work-dir', work, *extra, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.mark.parametrize('example, logged', [
    ('bicycle_z8_all_charbonnier.py', 'loss_charbonnier: '),
    ('bicycle_z8_bottleneck.py', 'loss_L1: '),
])
def test_example_plugin_configs_train(run_tool, tiny_bicycle_config, tmp_path, example, logged):
    config = tiny_bicycle_config(REPO / 'plugins' / 'configs' / example)
    result = _train(run_tool, config, tmp_path / 'work', '--cfg-options', 'train_cfg.max_iters=2')
    assert logged in result.stdout + result.stderr
    plugin = {'bicycle_z8_all_charbonnier.py': 'charbonnier_loss.py',
              'bicycle_z8_bottleneck.py': 'bottleneck_injection.py'}[example]
    assert str(REPO / 'plugins' / plugin) in (tmp_path / 'work' / config.name).read_text()


@pytest.fixture
def outside(tmp_path):
    """A plugin in a folder outside the repository, and a tiny pix2pix config using it."""
    folder = tmp_path / 'elsewhere'
    folder.mkdir()
    (folder / 'outside_loss.py').write_text(OUTSIDE_LOSS)
    return folder


def test_a_plugin_outside_the_repo_trains_via_the_plugins_flag(run_tool, tiny_config, outside,
                                                               tmp_path):
    tiny_config.write_text(tiny_config.read_text() + USE_OUTSIDE_LOSS)
    work = tmp_path / 'work'
    result = _train(run_tool, tiny_config, work, '--plugins', outside / 'outside_loss.py')
    assert 'loss_L1: ' in result.stdout + result.stderr
    saved = Config.fromfile(str(work / tiny_config.name))  # the work dir's copy
    assert saved.plugins == [str(outside / 'outside_loss.py')]
    assert recorded_in_checkpoint(str(work / 'iter_4.pth')) == [str(outside / 'outside_loss.py')]


def test_a_plugin_outside_the_repo_trains_via_pythonpath_and_custom_imports(
        run_tool, tiny_config, outside, tmp_path):
    tiny_config.write_text(tiny_config.read_text() + USE_OUTSIDE_LOSS + (
        "custom_imports = dict(imports=['outside_loss'], allow_failed_imports=False)\n"))
    _train(run_tool, tiny_config, tmp_path / 'work',
           env={'PYTHONPATH': f'{outside}{os.pathsep}{REPO}'})
    assert str(outside / 'outside_loss.py') in (tmp_path / 'work' / tiny_config.name).read_text()


def test_test_tool_loads_the_plugins_a_checkpoint_needs_or_says_which_is_gone(
        run_tool, tiny_config, outside, tmp_path):
    tiny_config.write_text(tiny_config.read_text() + USE_OUTSIDE_LOSS)
    work = tmp_path / 'work'
    _train(run_tool, tiny_config, work, '--plugins', outside)
    checkpoint = work / 'iter_4.pth'
    # the config it was trained from does not name the plugin; the checkpoint's meta does
    result = run_tool('test.py', tiny_config, checkpoint, '--out', tmp_path / 'out1')
    assert result.returncode == 0, result.stderr[-3000:]

    moved = tmp_path / 'moved'
    shutil.move(outside, moved)
    for config in (work / tiny_config.name, tiny_config):
        result = run_tool('test.py', config, checkpoint, '--out', tmp_path / 'out2')
        assert result.returncode != 0
        message = result.stderr.strip().splitlines()[-1]
        assert f'needs the plugin outside_loss.py, expected at {outside}/outside_loss.py' in message
        assert '--plugins PATH' in message

    result = run_tool('test.py', work / tiny_config.name, checkpoint, '--out', tmp_path / 'out3',
                      '--plugins', moved / 'outside_loss.py')
    assert result.returncode == 0, result.stderr[-3000:]


def test_train_tool_reports_a_plugin_raising_on_import_with_its_file(run_tool, tiny_config,
                                                                     tmp_path):
    broken = tmp_path / 'broken_plugin.py'
    broken.write_text("raise RuntimeError('half-written plugin')\n")
    result = run_tool('train.py', tiny_config, '--work-dir', tmp_path / 'work',
                      '--plugins', broken)
    assert result.returncode != 0
    assert (f'PluginImportError: plugin {broken} raised while being imported: '
            "RuntimeError: half-written plugin") in result.stderr
    assert 'The above exception was the direct cause' in result.stderr  # the original, chained


def test_list_components_marks_the_parts_of_plugins(run_tool, outside):
    result = run_tool('list_components.py', '--plugins', outside,
                      '--imports', 'plugins.bottleneck_injection', env={'COLUMNS': '500'})
    assert result.returncode == 0, result.stderr
    assert re.search(rf'│ loss\s+│ OutsideL1Loss\s+│ outside_loss\s+│ plugin: '
                     rf'{outside}/outside_loss.py', result.stdout)
    assert re.search(r'│ z injection\s+│ BottleneckInjection\s+│ plugins.bottleneck_injection'
                     r'\s+│ plugin: plugins/bottleneck_injection.py', result.stdout)
    assert re.search(r'│ loss\s+│ L1Loss\s+│ i2itools.models.losses.l1_loss\s+│ i2itools ',
                     result.stdout)
