"""tools/evaluate.py end to end on a checkpoint trained here (a tiny CycleGAN, 4 iterations on
the built-in synth_stripes): the unpaired_fid protocol with inception='clean-fid' and a
random-weights file prints its one line, with the FID that clean-fid's own image pipeline
gives for the fake_B files the tool saved and the test B files."""
import re
from pathlib import Path

import pytest
import torch
from cleanfid.fid import get_folder_features
from tool_runs import run_tool_in_process, run_tool_process

from i2itools.evaluation.functional.frechet_distance import fid_from_features

REPO = Path(__file__).resolve().parents[2]
TINY_STRIPES = '''
_base_ = ['{repo}/configs/cyclegan/synth_stripes.py']
_g, _d = dict(base_channels=4, num_blocks=1), dict(base_channels=4, num_layers=2)
model = dict(nets=dict(G_A=_g, G_B=_g, D_A=_d, D_B=_d))
builtin = dict(_delete_=True, name='synth_stripes', size=32, num_train=4, num_test=3)
_data = dict(data_root='{data}', builtin=builtin)
train_dataloader = dict(batch_size=1, num_workers=0, persistent_workers=False, dataset=_data)
test_dataloader = dict(num_workers=0, dataset=_data)
val_dataloader = dict(num_workers=0, dataset=_data)
train_cfg = dict(max_iters=4)
'''


def succeeded(result):
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """(checkpoint, data folder) of a tiny CycleGAN trained by tools/train.py (in this process)."""
    folder = tmp_path_factory.mktemp('cyclegan')
    config = folder / 'tiny_stripes.py'
    config.write_text(TINY_STRIPES.format(repo=REPO, data=folder / 'data'))
    succeeded(run_tool_in_process('train.py', config, '--work-dir', folder / 'work'))
    return folder / 'work' / 'iter_4.pth', folder / 'data'


def test_unpaired_fid_with_clean_fid_prints_the_fid_of_the_saved_files(trained, graph_weights,
                                                                       clean_fid_extractor,
                                                                       tmp_path):
    checkpoint, data = trained
    # the one real process of tools/evaluate.py
    result = succeeded(run_tool_process('evaluate.py', 'unpaired_fid', checkpoint, '--inception',
                                        'clean-fid', '--inception-weights', graph_weights[0],
                                        '--out', tmp_path / 'eval', '--device', 'cpu'))
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    line = re.fullmatch(r'unpaired_fid FID (\d+\.\d{4})', lines[0])
    assert line and len(lines) == 1, result.stdout
    # the same number from the files: clean-fid reads and resizes them, its PyTorch port of the
    # graph (on the same random weights, fed as its TorchScript network is) gives the features
    fakes = tmp_path / 'fake_B'
    fakes.mkdir()
    for image in sorted((tmp_path / 'eval' / 'images').glob('*_fake_B.png')):
        (fakes / image.name).write_bytes(image.read_bytes())
    features = [get_folder_features(str(folder), clean_fid_extractor, num_workers=0,
                                    device=torch.device('cpu'), mode='clean', verbose=False)
                for folder in (fakes, data / 'testB')]
    assert [len(f) for f in features] == [3, 3]
    expected = fid_from_features(*features)
    assert float(line.group(1)) == pytest.approx(expected, rel=1e-6, abs=1e-4)
