"""BicycleGAN through the tools: train the main job's config (tiny), resume, batch sampling."""
import json
from pathlib import Path

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]

TINY_BICYCLE = '''
_base_ = ['{repo}/configs/bicycle/z8_all.py']
model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), E=dict(num_blocks=3, base_channels=4),
                       D=dict(base_channels=4, num_layers=2), D2=dict(base_channels=4, num_layers=2)))
data_root = '{data_root}'
builtin = dict(_delete_=True, name='synth_shapes', size=64, num_train=6, num_val=0, num_test=3)
train_dataloader = dict(num_workers=0, persistent_workers=False,
                        dataset=dict(data_root=data_root, builtin=builtin))
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin))
train_cfg = dict(max_iters=4)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''


@pytest.fixture
def trained(run_tool, tmp_path):
    config = tmp_path / 'tiny_bicycle.py'
    config.write_text(TINY_BICYCLE.format(repo=REPO, data_root=tmp_path / 'data'))
    work = tmp_path / 'work'
    result = run_tool('train.py', config, '--work-dir', work)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return config, work


def test_training_writes_all_nets_and_sample_grids(trained):
    config, work = trained
    for name in ('G', 'E', 'D', 'D2'):
        assert (work / f'latest_net_{name}.pth').is_file()
    grid = Image.open(work / 'samples' / 'iter_00000004.png')
    assert grid.size == (4 * 64, 64)  # A_1 | B_1 | fake_B_encoded | fake_B_random, one row


def test_resume_continues(run_tool, trained):
    config, work = trained
    result = run_tool('train.py', config, '--work-dir', work, '--resume',
                      '--cfg-options', 'train_cfg.max_iters=6')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'resumed epoch: 0, iter: 4' in result.stdout + result.stderr


def test_sampling_writes_grids_and_html_reproducibly(run_tool, trained, tmp_path):
    config, work = trained
    outputs = []
    for name in ('one', 'two'):
        result = run_tool('test.py', config, work / 'iter_4.pth', '--n-samples', '3',
                          '--out', tmp_path / name)
        assert result.returncode == 0, result.stderr[-3000:]
        outputs.append(tmp_path / name)
    grids = sorted(p.name for p in (outputs[0] / 'grids').iterdir())
    assert grids == ['0000.png', '0001.png', '0002.png']
    # input | ground truth | encoded | 3 samples
    assert Image.open(outputs[0] / 'grids' / '0000.png').size == (6 * 64, 64)
    assert '>sample 3</th>' in (outputs[0] / 'index.html').read_text()
    assert (outputs[0] / 'grids' / '0001.png').read_bytes() == \
        (outputs[1] / 'grids' / '0001.png').read_bytes()


def test_sync_gives_every_input_the_same_codes_and_no_encode_needs_no_encoder(
        run_tool, trained, tmp_path):
    config, work = trained
    reference = tmp_path / 'reference'
    reference.mkdir()
    (reference / 'latest_net_G.pth').write_bytes((work / 'latest_net_G.pth').read_bytes())
    result = run_tool('test.py', config, reference / 'latest_net_G.pth', '--n-samples', '2',
                      '--sync', '--no-encode', '--num-test', '2', '--out', tmp_path / 'sync')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'loaded G from' in result.stdout
    assert Image.open(tmp_path / 'sync' / 'grids' / '0000.png').size == (4 * 64, 64)
    assert len(list((tmp_path / 'sync' / 'grids').iterdir())) == 2


def test_reference_checkpoint_folder_with_g_and_e_samples(run_tool, trained, tmp_path):
    config, work = trained
    reference = tmp_path / 'reference'
    reference.mkdir()
    for name in ('G', 'E'):
        (reference / f'latest_net_{name}.pth').write_bytes(
            (work / f'latest_net_{name}.pth').read_bytes())
    result = run_tool('test.py', config, reference, '--n-samples', '2', '--num-test', '1',
                      '--out', tmp_path / 'folder')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'loaded G, E from' in result.stdout


def test_sampling_warns_when_a_used_net_got_no_weights(run_tool, trained, tmp_path):
    config, work = trained
    result = run_tool('test.py', config, work / 'latest_net_G.pth', '--n-samples', '1',
                      '--num-test', '1', '--out', tmp_path / 'no_e')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'warning: E got no weights' in result.stdout


def test_testing_scores_the_samples_with_the_configs_metrics(run_tool, trained, tmp_path):
    config, work = trained
    result = run_tool('test.py', config, work / 'iter_4.pth', '--out', tmp_path / 'scored')
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = json.loads((tmp_path / 'scored' / 'metrics.json').read_text())
    assert set(metrics) >= {'realism', 'mode_coverage', 'modes_per_input', 'mode_js', 'mask_iou',
                            'encoded_mode_accuracy', 'diversity_L1'}
    assert 0.25 <= metrics['mode_coverage'] <= 1 and 0 <= metrics['realism'] <= 1
    assert f"mode_coverage: {metrics['mode_coverage']:.4f}" in result.stdout
