"""Every snippet of docs/plugins.md works: the examples' code is that of plugins/, and the
network, branch and dataset written out in the page train from their configs."""
import os
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]

DOC = REPO / 'docs' / 'plugins.md'
#: a fenced Python block whose first line names its file: ```python\n# plugins/x.py\n...```
FILE_BLOCK = re.compile(r'```python\n# (\S+\.py)\n(.*?)```', re.S)

_SMALL_D = 'D=dict(base_channels=4, num_layers=2)'
_TINY_DATA = '''
data_root = '{tmp}/data'
builtin = dict(_delete_=True, name='synth_facades', size=32, num_train=4, num_val=0, num_test=2)
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False, dataset=dict(
    data_root=data_root, builtin=builtin, pipeline=[dict(type='Resize', size=32)]))
test_dataloader = dict(num_workers=0, dataset=dict(
    data_root=data_root, builtin=builtin, pipeline=[dict(type='Resize', size=32)]))
'''
_PHOTOS = '''
data_root = '{tmp}/photos'
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False, dataset=dict(
    data_root=data_root, pipeline=[dict(type='Resize', size=36), dict(type='RandomCrop', size=32)]))
test_dataloader = dict(num_workers=0, dataset=dict(
    data_root=data_root, pipeline=[dict(type='Resize', size=32)]))
'''
_SHORT_RUN = '''
train_cfg = dict(max_iters=2)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''
#: the page's own configs, shrunk to a few channels and 32 px: what each run must log
DOC_CONFIGS = {
    'pix2pix_small_generator.py': (
        f'model = dict(nets=dict(G=dict(base_channels=4), {_SMALL_D}))' + _TINY_DATA, 'loss_L1'),
    'pix2pix_flip_branch.py': (
        f'model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), {_SMALL_D}))' + _TINY_DATA,
        'loss_flip_L1'),
    'pix2pix_colorization.py': (
        f'model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), {_SMALL_D}))' + _PHOTOS,
        'loss_L1'),
}


def _blocks():
    return FILE_BLOCK.findall(DOC.read_text())


def test_the_example_plugins_shown_are_the_files_of_plugins():
    shown = [(path, code) for path, code in _blocks() if (REPO / path).is_file()]
    assert {p for p, _ in shown} >= {
        'plugins/charbonnier_loss.py', 'plugins/bottleneck_injection.py',
        'plugins/configs/bicycle_z8_all_charbonnier.py', 'plugins/configs/bicycle_z8_bottleneck.py'}
    for path, code in shown:
        assert code in (REPO / path).read_text(), f'docs/plugins.md shows an outdated {path}'


@pytest.fixture
def doc_files(tmp_path):
    """The page's files that are not in the repository, written under tmp_path as it names them."""
    for path, code in _blocks():
        if not (REPO / path).is_file():
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_text(code)
    (tmp_path / 'configs').symlink_to(REPO / 'configs')  # for their _base_ = ['../../configs/...']
    (tmp_path / 'photos').mkdir()
    rng = np.random.default_rng(0)
    for i in range(4):
        Image.fromarray(rng.integers(0, 256, (40, 40, 3), dtype=np.uint8)).save(
            tmp_path / 'photos' / f'{i}.png')
    return tmp_path


@pytest.mark.parametrize('name', sorted(DOC_CONFIGS))
def test_the_documented_network_branch_and_dataset_train(run_tool, doc_files, name):
    overrides, logged = DOC_CONFIGS[name]
    config = doc_files / f'tiny_{name}'
    config.write_text(f"_base_ = ['{doc_files}/plugins/configs/{name}']\n"
                      + overrides.format(tmp=doc_files) + _SHORT_RUN)
    # the page's files sit in plugins/ of another folder: `plugins.*` finds them there
    result = run_tool('train.py', config, '--work-dir', doc_files / 'work',
                      env={'PYTHONPATH': f'{doc_files}{os.pathsep}{REPO}'})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f'{logged}: ' in result.stdout + result.stderr
