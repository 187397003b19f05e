"""CycleGAN through the tools: train, resume, test both directions, one direction from a plain
folder with the reference's single-generator file."""
import torch
from PIL import Image

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)


def _images(folder):
    return sorted(p.name for p in (folder / 'images').iterdir())


def test_training_saves_both_directions_and_every_net(cyclegan_run):
    work = cyclegan_run.work
    assert (work / 'iter_4.pth').is_file()
    for name in ('G_A', 'G_B', 'D_A', 'D_B'):
        assert (work / f'latest_net_{name}.pth').is_file()
    state = torch.load(work / 'iter_4.pth', weights_only=True)
    assert set(state['optimizer']) == {'G_A', 'G_B', 'D_A', 'D_B'}
    assert state['state_dict']['adversarial.GAN_A.pool.num_images'] == 4  # the pool is saved
    grid = Image.open(work / 'samples' / 'iter_00000004.png')
    assert grid.size == (6 * 32, 32)  # A | fake_B | rec_A | B | fake_A | rec_B


def test_resume_continues(run_tool, cyclegan_run, copy_run):
    run = copy_run(cyclegan_run)
    result = run_tool('train.py', run.config, '--work-dir', run.work, '--resume',
                                 '--cfg-options', 'train_cfg.max_iters=6')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'resumed epoch: 0, iter: 4' in result.stdout + result.stderr


def test_test_tool_writes_both_directions(run_tool, cyclegan_run, tmp_path):
    result = run_tool('test.py', cyclegan_run.config, cyclegan_run.work / 'iter_4.pth',
                                 '--out', tmp_path / 'both')
    assert result.returncode == 0, result.stderr[-3000:]
    names = _images(tmp_path / 'both')
    assert names == sorted(f'{i:04d}_{k}.png' for i in range(3) for k in ('A', 'fake_B', 'B', 'fake_A'))
    assert (tmp_path / 'both' / 'index.html').is_file()


def test_one_direction_from_a_folder_with_the_reference_generator_file(
        run_tool, cyclegan_run, tiny_data, tmp_path):
    reference = tmp_path / 'reference'
    reference.mkdir()
    # the reference `test` model loads latest_net_G.pth (or latest_net_G_A.pth) as its one G
    (reference / 'latest_net_G.pth').write_bytes(
        (cyclegan_run.work / 'latest_net_G_B.pth').read_bytes())
    folder = tiny_data / 'synth_stripes_32' / 'testB'  # the run's test images of domain B
    result = run_tool('test.py', cyclegan_run.config, reference / 'latest_net_G.pth',
                                 '--direction', 'BtoA', '--input', folder, '--out',
                                 tmp_path / 'one')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'loaded G_B' in result.stdout
    assert _images(tmp_path / 'one') == sorted(
        f'{i:04d}_{k}.png' for i in range(3) for k in ('B', 'fake_A'))


def test_unknown_direction_lists_the_test_branches(run_tool, cyclegan_run):
    result = run_tool('test.py', cyclegan_run.config, cyclegan_run.work / 'iter_4.pth',
                                 '--direction', 'AtoC')
    assert result.returncode != 0
    assert result.stderr.startswith('error: ') and 'AtoB, BtoA' in result.stderr
