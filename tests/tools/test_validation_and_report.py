"""A short run with validation keeps only the best checkpoint by the metric, writes a grid of
the same val inputs at every validation and report.html; analyze_logs compares two runs."""
import json

import numpy as np
from PIL import Image

#: the tiny pix2pix run with a val split of 2 pairs, validated at iterations 2, 4 and 6
WITH_VALIDATION = '''
_base_ = ['{config}']
builtin = dict(_delete_=True, name='synth_facades', size=32, num_train=6, num_val=2, num_test=3)
train_dataloader = dict(dataset=dict(data_root=data_root, builtin=builtin))
test_dataloader = dict(dataset=dict(data_root=data_root, builtin=builtin))
val_dataloader = dict(num_workers=0, dataset=dict(
    data_root=data_root, builtin=builtin, pipeline=[dict(type='Resize', size=32)]))
train_cfg = dict(max_iters=6, val_begin=2, val_interval=2)
default_hooks = dict(checkpoint=dict(save_best='{metric}', rule='{rule}'))
'''


def _validated_run(run_tool, tiny_config, tmp_path, name, metric='PSNR', rule='greater'):
    config = tmp_path / f'{name}.py'
    data_root = f"data_root = '{tmp_path / 'data'}'\n"
    config.write_text(data_root + WITH_VALIDATION.format(config=tiny_config, metric=metric,
                                                         rule=rule))
    work = tmp_path / name
    result = run_tool('train.py', config, '--work-dir', work, env={'OMP_NUM_THREADS': '1'})
    assert result.returncode == 0, result.stderr[-3000:]
    return work


def _val_scores(work, metric):
    records = [json.loads(line) for line in
               next(work.glob('*/vis_data/scalars.json')).read_text().splitlines()]
    return {r['step']: r[metric] for r in records if metric in r and 'iter' not in r}


def test_validation_keeps_the_best_checkpoint_report_and_same_input_grids(run_tool, tiny_config,
                                                                          tmp_path):
    work = _validated_run(run_tool, tiny_config, tmp_path, 'run', metric='L1', rule='less')

    scores = _val_scores(work, 'L1')
    assert sorted(scores) == [2, 4, 6]
    best = min(sorted(scores), key=scores.get)  # the first of equal scores stays best
    assert [p.name for p in work.glob('best_*.pth')] == [f'best_L1_iter_{best}.pth']
    grids = sorted((work / 'val_samples').glob('iter_*.png'))
    assert [p.name for p in grids] == [f'iter_{i:08d}.png' for i in (2, 4, 6)]
    first, last = (np.asarray(Image.open(p)) for p in (grids[0], grids[-1]))
    assert first.shape == last.shape == (2 * 32, 3 * 32, 3)  # 2 val inputs: A, fake_B, B
    for column in (slice(0, 32), slice(64, 96)):  # the same inputs and targets, new outputs
        assert np.array_equal(first[:, column], last[:, column])
    assert not np.array_equal(first[:, 32:64], last[:, 32:64])
    report = (work / 'report.html').read_text()
    assert f'best_L1_iter_{best}.pth' in report
    for image in ('report/losses.png', 'report/metrics.png', 'val_samples/iter_00000006.png'):
        assert f'src="{image}"' in report and (work / image).is_file()


def _logged_run(work, sessions):
    """A work dir whose training sessions logged ``sessions``: lists of scalars.json records."""
    for index, records in enumerate(sessions):
        folder = work / f'2026010{index}_000000' / 'vis_data'
        folder.mkdir(parents=True)
        (folder / 'scalars.json').write_text(''.join(json.dumps(r) + '\n' for r in records))
    return work


def test_analyze_logs_plots_the_curves_of_two_runs(run_tool_process, run_tool, tmp_path):
    first = _logged_run(tmp_path / 'a', [[dict(loss_L1=3.0, iter=1, step=1),
                                          dict(PSNR=10.0, step=1)]])
    # a resumed run: two sessions
    second = _logged_run(tmp_path / 'b', [[dict(loss_L1=2.0, iter=1, step=1)],
                                          [dict(loss_L1=1.0, iter=2, step=2),
                                           dict(PSNR=12.0, step=2)]])
    out = tmp_path / 'curves.png'
    result = run_tool_process('analyze_logs.py', 'plot', first, second, '--keys', 'loss_L1',
                              'PSNR', '--out', out)
    assert result.returncode == 0, result.stderr
    width, height = Image.open(out).size
    assert width > 1.5 * height  # two panels side by side
    result = run_tool('analyze_logs.py', 'plot', first, second, '--keys', 'PSNRR', '--out', out)
    assert result.returncode == 1
    assert "no run logged 'PSNRR'; the runs logged: PSNR, loss_L1" in result.stderr
