"""Compare the curves of training runs:
``python tools/analyze_logs.py plot WORK_DIR... --keys loss_L1 PSNR --out curves.png``.

Reads every ``<work_dir>/<timestamp>/vis_data/scalars.json`` of each run (resumed sessions
included); a key is a logged loss, learning rate (``G.lr``) or validation metric (``PSNR``).
"""
import os.path as osp
import sys

from i2itools.engine.curve_plots import plot_curves
from i2itools.engine.training_logs import read_curves
from i2itools.utils.cli_options import ToolArgumentParser


def parse_args(argv=None):
    parser = ToolArgumentParser(description='Draw and compare logged curves of runs.')
    commands = parser.add_subparsers(dest='command', required=True)
    plot = commands.add_parser('plot', help='one panel per key, one line per run, as a PNG')
    plot.add_argument('work_dirs', nargs='+', metavar='WORK_DIR', help='work dirs of runs')
    plot.add_argument('--keys', nargs='+', required=True, help='losses, learning rates or '
                      'metrics to draw, e.g. loss_L1 G.lr PSNR')
    plot.add_argument('--labels', nargs='+', help='a legend label per run (default: the work '
                      'dirs\' names)')
    plot.add_argument('--out', required=True, help='PNG file to write')
    args = parser.parse_args(argv)
    if args.labels and len(args.labels) != len(args.work_dirs):
        parser.error(f'--labels: {len(args.labels)} given for {len(args.work_dirs)} work dirs')
    return args


def curve_panels(work_dirs, keys, labels):
    """``key -> {label: points}`` for the runs; a key no run logged is an error naming the keys
    there are."""
    runs = {label: read_curves(work_dir) for label, work_dir in zip(labels, work_dirs)}
    panels = {}
    for key in keys:
        lines = {label: curves['train'].get(key) or curves['val'].get(key)
                 for label, curves in runs.items()}
        panels[key] = {label: points for label, points in lines.items() if points}
        if not panels[key]:
            known = sorted({k for curves in runs.values() for phase in curves.values() for k in phase})
            raise KeyError(f'--keys: no run logged {key!r}; the runs logged: {", ".join(known)}')
    return panels


def main(argv=None):
    args = parse_args(argv)
    labels = args.labels or [osp.basename(osp.abspath(d)) for d in args.work_dirs]
    try:
        panels = curve_panels(args.work_dirs, args.keys, labels)
    except KeyError as error:  # a misspelt key: the user's to fix, no traceback
        sys.exit(f'error: {error.args[0]}')
    path = plot_curves(panels, args.out)
    print(f'wrote {path}')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
