"""CycleGAN through the tools: train, resume, test both directions, one direction from a plain
folder with the reference's single-generator file."""
import pytest
import torch
from PIL import Image

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)


@pytest.fixture
def trained(run_tool, tiny_cyclegan_config, tmp_path):
    work = tmp_path / 'work'
    result = run_tool('train.py', tiny_cyclegan_config, '--work-dir', work)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return work


def _images(folder):
    return sorted(p.name for p in (folder / 'images').iterdir())


def test_training_saves_both_directions_and_every_net(trained):
    assert (trained / 'iter_4.pth').is_file()
    for name in ('G_A', 'G_B', 'D_A', 'D_B'):
        assert (trained / f'latest_net_{name}.pth').is_file()
    state = torch.load(trained / 'iter_4.pth', weights_only=True)
    assert set(state['optimizer']) == {'G_A', 'G_B', 'D_A', 'D_B'}
    assert state['state_dict']['adversarial.GAN_A.pool.num_images'] == 4  # the pool is saved
    grid = Image.open(trained / 'samples' / 'iter_00000004.png')
    assert grid.size == (6 * 32, 32)  # A | fake_B | rec_A | B | fake_A | rec_B


def test_resume_continues(run_tool, tiny_cyclegan_config, trained):
    result = run_tool('train.py', tiny_cyclegan_config, '--work-dir', trained, '--resume',
                      '--cfg-options', 'train_cfg.max_iters=6')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'resumed epoch: 0, iter: 4' in result.stdout + result.stderr


def test_test_tool_writes_both_directions(run_tool, tiny_cyclegan_config, trained, tmp_path):
    result = run_tool('test.py', tiny_cyclegan_config, trained / 'iter_4.pth', '--out',
                      tmp_path / 'both')
    assert result.returncode == 0, result.stderr[-3000:]
    names = _images(tmp_path / 'both')
    assert names == sorted(f'{i:04d}_{k}.png' for i in range(3) for k in ('A', 'fake_B', 'B', 'fake_A'))
    assert (tmp_path / 'both' / 'index.html').is_file()


def test_one_direction_from_a_folder_with_the_reference_generator_file(
        run_tool, tiny_cyclegan_config, trained, tmp_path):
    reference = tmp_path / 'reference'
    reference.mkdir()
    # the reference `test` model loads latest_net_G.pth (or latest_net_G_A.pth) as its one G
    (reference / 'latest_net_G.pth').write_bytes((trained / 'latest_net_G_B.pth').read_bytes())
    folder = tmp_path / 'data' / 'testB'
    result = run_tool('test.py', tiny_cyclegan_config, reference / 'latest_net_G.pth',
                      '--direction', 'BtoA', '--input', folder, '--out', tmp_path / 'one')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'loaded G_B' in result.stdout
    assert _images(tmp_path / 'one') == sorted(
        f'{i:04d}_{k}.png' for i in range(3) for k in ('B', 'fake_A'))


def test_unknown_direction_lists_the_test_branches(run_tool, tiny_cyclegan_config, trained):
    result = run_tool('test.py', tiny_cyclegan_config, trained / 'iter_4.pth',
                      '--direction', 'AtoC')
    assert result.returncode != 0
    assert "['AtoB', 'BtoA']" in result.stderr
