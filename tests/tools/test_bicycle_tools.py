"""BicycleGAN through the tools: train the main job's config (tiny), resume, batch sampling."""
import json

from PIL import Image


def test_training_writes_all_nets_and_sample_grids(bicycle_run):
    for name in ('G', 'E', 'D', 'D2'):
        assert (bicycle_run.work / f'latest_net_{name}.pth').is_file()
    grid = Image.open(bicycle_run.work / 'samples' / 'iter_00000004.png')
    assert grid.size == (4 * 64, 64)  # A_1 | B_1 | fake_B_encoded | fake_B_random, one row


def test_resume_continues(run_tool, bicycle_run, copy_run):
    run = copy_run(bicycle_run)
    result = run_tool('train.py', run.config, '--work-dir', run.work, '--resume',
                                 '--cfg-options', 'train_cfg.max_iters=6')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'resumed epoch: 0, iter: 4' in result.stdout + result.stderr


def test_sampling_writes_grids_and_html_reproducibly(run_tool, bicycle_run, tmp_path):
    outputs = []
    for name in ('one', 'two'):
        result = run_tool('test.py', bicycle_run.config,
                                     bicycle_run.work / 'iter_4.pth', '--n-samples', '3',
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
        run_tool, bicycle_run, tmp_path):
    reference = tmp_path / 'reference'
    reference.mkdir()
    (reference / 'latest_net_G.pth').write_bytes(
        (bicycle_run.work / 'latest_net_G.pth').read_bytes())
    result = run_tool('test.py', bicycle_run.config, reference / 'latest_net_G.pth',
                                 '--n-samples', '2', '--sync', '--no-encode', '--num-test', '2',
                                 '--out', tmp_path / 'sync')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'loaded G from' in result.stdout
    assert Image.open(tmp_path / 'sync' / 'grids' / '0000.png').size == (4 * 64, 64)
    assert len(list((tmp_path / 'sync' / 'grids').iterdir())) == 2


def test_reference_checkpoint_folder_with_g_and_e_samples(run_tool, bicycle_run,
                                                          tmp_path):
    reference = tmp_path / 'reference'
    reference.mkdir()
    for name in ('G', 'E'):
        (reference / f'latest_net_{name}.pth').write_bytes(
            (bicycle_run.work / f'latest_net_{name}.pth').read_bytes())
    result = run_tool('test.py', bicycle_run.config, reference, '--n-samples', '2',
                                 '--num-test', '1', '--out', tmp_path / 'folder')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'loaded G, E from' in result.stdout


def test_sampling_warns_when_a_used_net_got_no_weights(run_tool, bicycle_run,
                                                       tmp_path):
    result = run_tool('test.py', bicycle_run.config,
                                 bicycle_run.work / 'latest_net_G.pth', '--n-samples', '1',
                                 '--num-test', '1', '--out', tmp_path / 'no_e')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'warning: E got no weights' in result.stdout


def test_testing_scores_the_samples_with_the_configs_metrics(run_tool, bicycle_run,
                                                             tmp_path):
    result = run_tool('test.py', bicycle_run.config, bicycle_run.work / 'iter_4.pth',
                                 '--out', tmp_path / 'scored')
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = json.loads((tmp_path / 'scored' / 'metrics.json').read_text())
    assert set(metrics) >= {'realism', 'mode_coverage', 'modes_per_input', 'mode_js', 'mask_iou',
                            'encoded_mode_accuracy', 'diversity_L1'}
    assert 0.25 <= metrics['mode_coverage'] <= 1 and 0 <= metrics['realism'] <= 1
    assert f"mode_coverage: {metrics['mode_coverage']:.4f}" in result.stdout
