"""Reads the scalars a run logged (``<work_dir>/<timestamp>/vis_data/scalars.json``) as curves."""
import glob
import json
import os.path as osp

#: logged per iteration but not worth a curve
TIMING_KEYS = ('time', 'data_time', 'iter', 'step', 'epoch')


def read_curves(work_dir):
    """``{'train': {key: [(iteration, value), ...]}, 'val': {...}}`` of a run's losses, learning
    rates and validation metrics, from every session of the run (oldest first, so that after a
    resume the resumed session's values replace the ones it repeats)."""
    files = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    if not files:
        raise FileNotFoundError(f'{work_dir} holds no <timestamp>/vis_data/scalars.json: is it '
                                'the --work-dir of a training run that logged an iteration?')
    points = dict(train={}, val={})
    for path in files:
        for record in _records(path):
            # training records carry 'iter'; validation ones only 'step' (the iteration)
            phase = 'train' if 'iter' in record else 'val'
            step = record.get('iter', record.get('step'))
            for key, value in record.items():
                if key not in TIMING_KEYS and isinstance(value, (int, float)):
                    points[phase].setdefault(key, {})[step] = value
    return {phase: {key: sorted(by_step.items()) for key, by_step in keys.items()}
            for phase, keys in points.items()}


def _records(path):
    with open(path) as file:
        for line in file:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue  # the last line of a killed run may be cut short
