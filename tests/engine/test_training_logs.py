"""read_curves: the losses and metrics of all sessions of a run, resumed values replacing the
ones they repeat, timings and cut-short lines left out."""
import json

from i2itools.engine.training_logs import read_curves


def test_sessions_are_merged_with_the_later_values_for_repeated_iterations(tmp_path):
    sessions = {
        '20260101_000000': [dict(loss_L1=5.0, time=0.1, iter=1, step=1),
                            dict(loss_L1=4.0, iter=2, step=2), dict(PSNR=9.0, step=2)],
        '20260102_000000': [dict(loss_L1=3.5, iter=2, step=2), dict(PSNR=9.5, step=2)],
    }
    for stamp, records in sessions.items():
        folder = tmp_path / stamp / 'vis_data'
        folder.mkdir(parents=True)
        lines = [json.dumps(r) for r in records] + ['{"loss_L1": 1.']  # killed mid-write
        (folder / 'scalars.json').write_text('\n'.join(lines))

    curves = read_curves(tmp_path)
    assert curves == dict(train=dict(loss_L1=[(1, 5.0), (2, 3.5)]), val=dict(PSNR=[(2, 9.5)]))
