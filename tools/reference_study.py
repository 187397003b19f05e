"""Train a config with i2itools and with the reference loop over several seeds; compare.

``python tools/reference_study.py configs/bicycle/z8_all.py --out work_dirs/study/bicycle
--n-epochs 15 --n-epochs-decay 15 --seeds 0 1 2 3 4 --jobs 2 --side reference reference
--side i2itools train --side i2itools_no_flush train flush_denormal=False``

Each ``--side NAME TOOL [KEY=VALUE ...]`` is a way to train: TOOL ``reference``
(``tools/reference_loop.py``), ``reference-i2itools-step`` (the same loop around i2itools' own
``train_step``: tells the step from the loop) or ``train`` (``tools/train.py`` with the same
epochs: max_iters and ``LinearDecayLR`` set to the reference's per-epoch staircase), with its
own config overrides.
Every run goes to ``OUT/<side>/seed<S>/`` (a finished run, with its ``record.json``, is reused),
is scored on the test split by the config's ``test_evaluator`` (``tools/test.py``, the same seed
for every run), and ``OUT/<report>.md`` gets mean ± std per side and, against the first side,
each metric's difference, permutation-test p-value and whether it lies within one standard
deviation of the first side.
"""
import argparse
import glob
import json
import os
import os.path as osp
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from i2itools.apis.ablation_report import metrics_table, write_text
from i2itools.apis.reference_loop import iterations_per_epoch
from i2itools.apis.run_comparison import comparison_table
from i2itools.apis.tool_runs import run_tool as run_script
from i2itools.engine.config_loading import DictAction, load_config
from i2itools.registry import DATASETS

TOOLS = osp.dirname(osp.abspath(__file__))
#: how a side trains: the tool, and for the reference loop the step it runs
TRAINERS = {'reference': ('reference_loop.py', 'reference'),
            'reference-i2itools-step': ('reference_loop.py', 'i2itools'),
            'train': ('train.py', None)}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Compare i2itools training with the reference '
                                     'loop over seeds.')
    parser.add_argument('config', help='a pix2pix, CycleGAN or BicycleGAN config')
    parser.add_argument('--out', required=True, help='folder for the runs and the report')
    parser.add_argument('--n-epochs', type=int, required=True, help='epochs at the initial lr')
    parser.add_argument('--n-epochs-decay', type=int, required=True, help='epochs of decay')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0, 1, 2, 3, 4])
    parser.add_argument('--side', nargs='+', action='append', required=True,
                        metavar='NAME TOOL [KEY=VALUE]', help='a way to train (repeat): a name, '
                        f'one of {list(TRAINERS)}, and config overrides of this side only')
    parser.add_argument('--jobs', type=int, default=1, help='runs at once, one thread each')
    parser.add_argument('--fidelity', nargs='+', default=[], metavar='OUTPUT', help='also score '
                        'these test outputs against B with PairedFidelity (L1, PSNR, SSIM; '
                        'named OUTPUT/L1, ... when the config already has a PairedFidelity)')
    parser.add_argument('--report', default='comparison', help='name of the report in OUT')
    parser.add_argument('--cfg-options', nargs='+', default=[], metavar='KEY=VALUE',
                        help='config overrides of every run (both tools)')
    args = parser.parse_args(argv)
    for side in args.side:
        if len(side) < 2 or side[1] not in TRAINERS:
            parser.error(f'--side {" ".join(side)}: give a name and a tool, one of '
                         f'{list(TRAINERS)}')
    return args


def study_config(args):
    """The config every run trains and is scored with: ``args.config`` plus the extra metrics
    (prefixed with their output's name when the config already has a PairedFidelity)."""
    path = osp.join(args.out, 'config.py')
    metrics = [dict(m) for m in load_config(args.config).test_evaluator.metrics]
    named = any(m['type'] == 'PairedFidelity' for m in metrics)
    metrics += [dict(type='PairedFidelity', pred=output, target='B',
                     **(dict(prefix=output) if named else {})) for output in args.fidelity]
    write_text(f'_base_ = [{osp.abspath(args.config)!r}]\n'
               f'test_evaluator = dict(type="Evaluator", metrics={metrics!r})\n', path)
    return path


def schedule_options(config, args):
    """tools/train.py overrides giving the reference's epochs: max_iters and the staircase."""
    cfg = load_config(config, _as_dict(args.cfg_options))
    loader = cfg.train_dataloader
    per_epoch = iterations_per_epoch(
        [name for name, net in cfg.model.nets.items() if net is not None],
        len(DATASETS.build(loader.dataset)), loader.batch_size)
    epochs = args.n_epochs + args.n_epochs_decay
    return [f'train_cfg.max_iters={per_epoch * epochs}',
            f'param_scheduler.0.iters_per_epoch={per_epoch}', 'param_scheduler.0.decay_start=None',
            f'param_scheduler.0.n_epochs={args.n_epochs}',
            f'param_scheduler.0.n_epochs_decay={args.n_epochs_decay}']


def _as_dict(options):
    """``KEY=VALUE`` strings parsed as ``--cfg-options`` parses them (None for none)."""
    parsed = argparse.Namespace()
    DictAction(option_strings=[], dest='options')(None, parsed, options)
    return parsed.options if options else None


def run_tool(tool, tool_args, log):
    """Run ``tools/<tool>`` on one thread, appending its output to ``log``; raise on failure."""
    run_script(osp.join(TOOLS, tool), tool_args, log, threads=1)


def run_one(config, side, seed, args, schedule):
    """Train (unless finished) and score one run; return its record."""
    name, trainer, *side_options = side
    run_dir = osp.join(args.out, name, f'seed{seed}')
    record_path = osp.join(run_dir, 'record.json')
    if osp.exists(record_path):
        with open(record_path) as f:
            return json.load(f)
    os.makedirs(run_dir, exist_ok=True)
    log = osp.join(run_dir, 'study.log')
    options = [*args.cfg_options, *side_options]
    overrides = ['--cfg-options', *options] if options else []
    start = time.time()
    tool, step = TRAINERS[trainer]
    if step:
        run_tool(tool, [config, '--work-dir', run_dir, '--seed', str(seed), '--step', step,
                        '--n-epochs', str(args.n_epochs), '--n-epochs-decay',
                        str(args.n_epochs_decay), *overrides], log)
        weights = run_dir
    else:
        resume = ['--resume'] if osp.exists(osp.join(run_dir, 'last_checkpoint')) else []
        run_tool(tool, [config, '--work-dir', run_dir, *resume, '--cfg-options',
                        f'randomness.seed={seed}', *schedule, *options], log)
        with open(osp.join(run_dir, 'last_checkpoint')) as f:
            weights = f.read().strip()
    seconds = time.time() - start
    test_dir = osp.join(run_dir, 'test')
    run_tool('test.py', [config, weights, '--out', test_dir, *overrides], log)
    with open(osp.join(test_dir, 'metrics.json')) as f:
        metrics = json.load(f)
    record = dict(side=name, seed=seed, train_seconds=round(seconds, 1), metrics=metrics,
                  final_losses=final_losses(run_dir, step))
    write_text(json.dumps(record, indent=2), record_path)
    return record


def final_losses(run_dir, reference_loop):
    """The losses at the end of training: the reference loop's mean over its last epoch, the
    last values mmengine logged (a window mean) for tools/train.py."""
    if reference_loop:
        with open(osp.join(run_dir, 'run.json')) as f:
            return json.load(f)['last_epoch_mean_losses']
    logs = sorted(glob.glob(osp.join(run_dir, '*', 'vis_data', 'scalars.json')))
    lines = [json.loads(line) for path in logs for line in open(path)]
    last = [line for line in lines if any(k.startswith('loss_') for k in line)]
    return {k: v for k, v in last[-1].items() if k.startswith('loss_')} if last else {}


def main(argv=None):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    config = study_config(args)
    schedule = schedule_options(config, args)
    runs = [(side, seed) for seed in args.seeds for side in args.side]
    print(f'{len(runs)} runs, {args.jobs} at a time; {" ".join(schedule)}', flush=True)

    def run(item):
        record = run_one(config, *item, args, schedule)
        print(f"done {record['side']} seed {record['seed']} ({record['train_seconds']:.0f} s "
              'training)', flush=True)
        return record

    with ThreadPoolExecutor(args.jobs) as pool:
        records = list(pool.map(run, runs))
    sides = [side[0] for side in args.side]
    results = {s: [r['metrics'] for r in records if r['side'] == s] for s in sides}
    seconds = {s: [r['train_seconds'] for r in records if r['side'] == s] for s in sides}
    report = [f'# {osp.basename(args.config)}: i2itools vs the reference loop\n',
              f'`{" ".join(sys.argv)}`\n', metrics_table(results, sides),
              'Mean training seconds per run: '
              + ', '.join(f'{s} {sum(t) / len(t):.0f}' for s, t in seconds.items()) + '\n']
    for other in sides[1:]:
        report.append(f'\n## {other} vs {sides[0]}\n\n'
                      + comparison_table(sides[0], results[sides[0]], other, results[other]))
    text = '\n'.join(report)
    print(text)
    print(f"report: {write_text(text, osp.join(args.out, args.report + '.md'))}")


if __name__ == '__main__':
    main()
