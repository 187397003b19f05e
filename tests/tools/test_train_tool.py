"""tools/train.py end to end on CPU: progress, checkpoints, samples, resume, errors."""
import torch

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)


def _train(run_tool, config, work_dir, *extra):
    result = run_tool('train.py', config, '--work-dir', work_dir, *extra)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def test_training_writes_checkpoints_samples_and_reference_weights(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    log = _train(run_tool, tiny_config, work)
    assert 'progress 4/4 (100%)' in log and 'eta' in log
    assert (work / 'iter_2.pth').is_file() and (work / 'iter_4.pth').is_file()
    assert (work / 'last_checkpoint').read_text().strip().endswith('iter_4.pth')
    assert sorted(p.name for p in (work / 'samples').iterdir()) == [
        'iter_00000002.png', 'iter_00000004.png']
    reference_g = torch.load(work / 'latest_net_G.pth', weights_only=True)
    assert 'model.model.0.weight' in reference_g  # the reference's own key layout


def test_resume_continues_from_the_last_checkpoint(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    _train(run_tool, tiny_config, work)
    log = _train(run_tool, tiny_config, work, '--resume', '--cfg-options', 'train_cfg.max_iters=6')
    assert 'resumed epoch: 0, iter: 4' in log
    state = torch.load(work / 'iter_6.pth', weights_only=True)
    assert state['meta']['iter'] == 6
    assert set(state['optimizer']) == {'G', 'D'}  # every optimizer state survives


def test_resume_from_an_explicit_checkpoint(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    _train(run_tool, tiny_config, work)
    log = _train(run_tool, tiny_config, work, '--resume', work / 'iter_2.pth')
    assert 'resumed epoch: 0, iter: 2' in log


def test_amp_trains_in_bfloat16_on_cpu(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    _train(run_tool, tiny_config, work, '--amp', '--cfg-options', 'train_cfg.max_iters=2')
    assert "'MixedPrecisionOptimWrapper'" in (work / 'tiny_pix2pix.py').read_text()


def test_misspelt_part_names_the_registered_one(run_tool, tiny_config, tmp_path):
    result = run_tool('train.py', tiny_config, '--work-dir', tmp_path / 'w',
                      '--cfg-options', 'model.nets.G.type=UnetGeneratr')
    assert result.returncode != 0
    assert "'UnetGeneratr' is not a registered model" in result.stderr
    assert 'Did you mean: UnetGenerator' in result.stderr


def test_misspelt_argument_names_the_valid_ones(run_tool, tiny_config, tmp_path):
    result = run_tool('train.py', tiny_config, '--work-dir', tmp_path / 'w',
                      '--cfg-options', 'model.nets.D.base_channel=8')
    assert result.returncode != 0
    assert "NLayerDiscriminator has no argument 'base_channel'" in result.stderr
    assert 'Did you mean: base_channels' in result.stderr


def test_misspelt_top_level_key_is_refused(run_tool, tiny_config, tmp_path):
    tiny_config.write_text(tiny_config.read_text() + '\noptim_wraper = dict()\n')
    result = run_tool('train.py', tiny_config, '--work-dir', tmp_path / 'w')
    assert result.returncode != 0
    assert "did you mean 'optim_wrapper'" in result.stderr


def test_missing_config_file_suggests_a_near_name(run_tool, tmp_path):
    result = run_tool('train.py', 'configs/pix2pix/synth_facade.py')
    assert result.returncode != 0
    assert 'configs/pix2pix/synth_facades.py' in result.stderr


def test_missing_data_folder_says_where_and_what_to_do(run_tool, tiny_config, tmp_path):
    result = run_tool('train.py', tiny_config, '--work-dir', tmp_path / 'w', '--cfg-options',
                      f'train_dataloader.dataset.data_root={tmp_path / "nowhere"}',
                      'train_dataloader.dataset.builtin=None')
    assert result.returncode != 0
    assert str(tmp_path / 'nowhere') in result.stderr
    assert 'make_dataset.py' in result.stderr


def test_default_hooks_of_ours_switch_off_with_none(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    _train(run_tool, tiny_config, work, '--cfg-options', 'default_hooks.samples=None',
           'default_hooks.reference_weights=None', 'train_cfg.max_iters=2')
    assert not (work / 'samples').exists() and not (work / 'latest_net_G.pth').exists()
    assert (work / 'iter_2.pth').is_file()
