"""tools/reference_study.py: both ways of training over seeds, one schedule, one report."""
import json


def test_study_trains_both_sides_on_the_reference_epochs_and_compares_them(run_tool,
                                                                            tiny_config, tmp_path):
    out = tmp_path / 'study'
    args = [tiny_config, '--out', out, '--n-epochs', '1', '--n-epochs-decay', '1',
            '--seeds', '0', '1', '--jobs', '2', '--fidelity', 'fake_B',
            '--side', 'reference', 'reference', '--side', 'i2itools', 'train']
    result = run_tool('reference_study.py', *args)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    # 6 pairs in batches of 2: two epochs of 3 iterations on both sides
    assert 'train_cfg.max_iters=6 param_scheduler.0.iters_per_epoch=3' in result.stdout
    ours = json.loads((out / 'i2itools' / 'seed0' / 'record.json').read_text())
    reference = json.loads((out / 'reference' / 'seed0' / 'run.json').read_text())
    assert reference['iterations'] == 6
    assert (out / 'i2itools' / 'seed0' / 'last_checkpoint').read_text().endswith('iter_6.pth')
    assert {'L1', 'fake_B/L1', 'fake_B/SSIM'} <= set(ours['metrics'])
    report = (out / 'comparison.md').read_text()
    assert '| reference | 2 |' in report and '## i2itools vs reference' in report
    assert '| L1 | ' in report.split('## i2itools vs reference')[1]
    # a finished study is reused, not retrained
    again = run_tool('reference_study.py', *args)
    assert again.returncode == 0 and again.stdout.count('done ') == 4
    assert (out / 'reference' / 'seed0' / 'study.log').read_text().count('iterations in') == 1
