"""tools/train.py end to end on CPU: progress, checkpoints, samples, resume, switches. (Refused
configs, parts and data: test_bad_input_battery.py.)"""
import torch

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)


def _train(run_tool, config, work_dir, *extra):
    result = run_tool('train.py', config, '--work-dir', work_dir, *extra)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def test_training_writes_checkpoints_samples_and_reference_weights(pix2pix_run):
    # pix2pix_run is train.py's real process: a clean exit, its log and its files
    work = pix2pix_run.work
    assert 'progress 4/4 (100%)' in pix2pix_run.log and 'eta' in pix2pix_run.log
    assert (work / 'iter_2.pth').is_file() and (work / 'iter_4.pth').is_file()
    assert (work / 'last_checkpoint').read_text().strip().endswith('iter_4.pth')
    assert sorted(p.name for p in (work / 'samples').iterdir()) == [
        'columns.json', 'iter_00000002.png', 'iter_00000004.png']  # columns: report.html's labels
    reference_g = torch.load(work / 'latest_net_G.pth', weights_only=True)
    assert 'model.model.0.weight' in reference_g  # the reference's own key layout


def test_resume_continues_from_the_last_checkpoint(run_tool, pix2pix_run, copy_run):
    run = copy_run(pix2pix_run)
    log = _train(run_tool, run.config, run.work, '--resume', '--cfg-options',
                 'train_cfg.max_iters=6')
    assert 'resumed epoch: 0, iter: 4' in log
    state = torch.load(run.work / 'iter_6.pth', weights_only=True)
    assert state['meta']['iter'] == 6
    assert set(state['optimizer']) == {'G', 'D'}  # every optimizer state survives


def test_resume_from_an_explicit_checkpoint(run_tool, pix2pix_run, copy_run):
    run = copy_run(pix2pix_run)
    log = _train(run_tool, run.config, run.work, '--resume', run.work / 'iter_2.pth')
    assert 'resumed epoch: 0, iter: 2' in log


def test_amp_trains_in_bfloat16_on_cpu(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    _train(run_tool, tiny_config, work, '--amp', '--cfg-options',
           'train_cfg.max_iters=2')
    assert "'MixedPrecisionOptimWrapper'" in (work / 'tiny_pix2pix.py').read_text()


def test_misspelt_top_level_key_is_refused(run_tool, tiny_config, tmp_path):
    tiny_config.write_text(tiny_config.read_text() + '\noptim_wraper = dict()\n')
    result = run_tool('train.py', tiny_config, '--work-dir', tmp_path / 'w')
    assert result.returncode != 0
    assert "did you mean 'optim_wrapper'" in result.stderr


def test_default_hooks_of_ours_switch_off_with_none(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    _train(run_tool, tiny_config, work, '--cfg-options', 'default_hooks.samples=None',
           'default_hooks.reference_weights=None', 'train_cfg.max_iters=2')
    assert not (work / 'samples').exists() and not (work / 'latest_net_G.pth').exists()
    assert (work / 'iter_2.pth').is_file()
