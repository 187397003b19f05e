"""Train several configs for the same budget and seeds, score them, write a table and a figure.

``python tools/ablation.py configs/bicycle/{pix2pix_noise,cvae_gan,clr_gan,z8_all}.py
--iters 6000 --seeds 0 1 --jobs 2 --out work_dirs/ablation/bicycle``

Each run trains with ``tools/train.py`` into ``OUT/<config>/seed<S>/`` (a finished run is reused,
an interrupted one resumed), is scored on the test split by the config's ``test_evaluator``
(``tools/test.py``, which writes ``metrics.json``) and sampled with the same codes for the first
inputs (``--n-samples --sync``; models that take no z show their test outputs instead).
``OUT/<report>.md`` gets the table (mean ± std over seeds), the cost of training (seconds per
iteration as mmengine logs them, the training process's CPU seconds per iteration, which other
work on the machine does not inflate, and its peak resident memory) and ``OUT/<report>.png``
the figure: for each input, one row per variant.
"""
import glob
import json
import os
import os.path as osp
import re
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from i2itools.apis.ablation_report import (gallery_rows, metrics_table, samples_figure,
                                           write_text)
from i2itools.apis.tool_runs import run_tool as run_script
from i2itools.engine.config_loading import load_config
from i2itools.utils.cli_options import ToolArgumentParser, key_value, positive_int
from i2itools.utils.writable_folder import check_writable_folder

TOOLS = osp.dirname(osp.abspath(__file__))


def parse_args(argv=None):
    parser = ToolArgumentParser(description='Train, score and compare configs (the '
                                'ablation table and sample figure of a paper).')
    parser.add_argument('configs', nargs='+', help='config files, one variant each, or folders '
                        'of them (e.g. configs/pix2pix/ablations)')
    parser.add_argument('--out', required=True, help='folder for the runs, table and figure')
    parser.add_argument('--iters', type=positive_int, help='training iterations of every run '
                        '(default: each config\'s own max_iters)')
    parser.add_argument('--seeds', type=int, nargs='+', default=[0], help='seeds (default: 0)')
    parser.add_argument('--jobs', type=positive_int, default=1, help='runs at once; the CPU '
                        'threads are shared among them (default: 1)')
    parser.add_argument('--threads', type=positive_int, help='CPU threads of each run (default: '
                        'the cores shared among the jobs; oversubscribed threads slow CPU runs '
                        'down many times)')
    parser.add_argument('--num-test', type=positive_int, help='score only the first N test inputs')
    parser.add_argument('--figure-inputs', type=positive_int, default=3,
                        help='test inputs in the figure (default: 3)')
    parser.add_argument('--figure-samples', type=positive_int, default=6,
                        help='samples per input in the figure (default: 6)')
    parser.add_argument('--report', default='results', help='name of the table (.md) and '
                        'figure (.png) in OUT, so that several tables can share the runs '
                        '(default: results)')
    parser.add_argument('--cfg-options', nargs='+', type=key_value, default=[], metavar='KEY=VALUE',
                        help='config overrides applied to every run')
    return parser.parse_args(argv)


def run_tool(tool, args, log, threads):
    """Run ``tools/<tool>`` with ``args``, appending its output to ``log``; raise on failure.
    Return its process's resource use (``os.wait4``'s: ``ru_maxrss``, ``ru_utime``, ...)."""
    return run_script(osp.join(TOOLS, tool), args, log, threads)


def checkpoint_iteration(path):
    """The iteration in a checkpoint's name (``iter_2000.pth``: 2000), or None."""
    match = re.fullmatch(r'iter_(\d+)\.pth', osp.basename(path))
    return int(match.group(1)) if match else None


def training_cost(usage, run_dir, iterations):
    """Seconds per iteration as logged, CPU seconds per iteration (of a run trained in one go:
    ``iterations`` None otherwise) and peak resident memory in MiB of a training process."""
    cost = dict(s_per_iter=logged_seconds_per_iter(run_dir),
                peak_RSS_MiB=usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux
    if iterations:
        cost['cpu_s_per_iter'] = (usage.ru_utime + usage.ru_stime) / iterations
    return cost


def logged_seconds_per_iter(run_dir):
    """Mean of the per-iteration times mmengine logged for the run (startup, checkpoints and
    validation left out), over every training record; None without records."""
    times = [record['time'] for path in glob.glob(osp.join(run_dir, '*', 'vis_data',
                                                           'scalars.json'))
             for record in map(json.loads, open(path).read().splitlines())
             if 'iter' in record and 'time' in record]
    return statistics.fmean(times) if times else None


def run_one(config, seed, args, threads):
    """Train (unless finished), score and sample one run; return its record."""
    variant = osp.splitext(osp.basename(config))[0]
    run_dir = osp.join(args.out, variant, f'seed{seed}')
    record_path = osp.join(run_dir, 'run.json')
    if osp.exists(record_path):
        with open(record_path) as f:
            return json.load(f)
    os.makedirs(run_dir, exist_ok=True)
    log = osp.join(run_dir, 'ablation.log')
    options = [f'randomness.seed={seed}', *args.cfg_options]
    if args.iters:
        options.append(f'train_cfg.max_iters={args.iters}')
    start = time.time()
    checkpoint = osp.join(run_dir, 'last_checkpoint')
    resume = ['--resume'] if osp.exists(checkpoint) else []
    usage = run_tool('train.py', [config, '--work-dir', run_dir, *resume, '--cfg-options',
                                  *options], log, threads)
    train_seconds = time.time() - start
    with open(checkpoint) as f:
        weights = f.read().strip()
    test_dir = osp.join(run_dir, 'test')
    limit = ['--num-test', str(args.num_test)] if args.num_test else []
    run_tool('test.py', [config, weights, '--out', test_dir, *limit, '--cfg-options', *options],
             log, threads)
    with open(osp.join(test_dir, 'metrics.json')) as f:
        metrics = json.load(f)
    grids = figure_rows(config, weights, run_dir, args, options, log, threads)
    # CPU time per iteration only for a run trained in one process, from iteration 0
    cost = training_cost(usage, run_dir, None if resume else checkpoint_iteration(weights))
    record = dict(variant=variant, config=config, seed=seed, checkpoint=weights,
                  train_seconds=round(train_seconds, 1), cost=cost, metrics=metrics, grids=grids)
    write_text(json.dumps(record, indent=2), record_path)
    return record


def figure_rows(config, weights, run_dir, args, options, log, threads):
    """The run's figure rows for the first inputs: sample grids with the same codes for a
    model that samples z (a RandomBranch at test time), else its test gallery rows."""
    model = load_config(config).model
    if not any(b and b.get('type') == 'RandomBranch' for b in model.get('test_branches', {}).values()):
        visuals = model.get('test_visuals') or model.get('visuals', ())
        return gallery_rows(osp.join(run_dir, 'test'), visuals,
                            args.figure_inputs)
    samples_dir = osp.join(run_dir, 'samples')
    run_tool('test.py', [config, weights, '--out', samples_dir, '--n-samples',
                         str(args.figure_samples), '--sync', '--no-encode', '--num-test',
                         str(args.figure_inputs), '--seed', '0', '--cfg-options', *options],
             log, threads)
    grid_dir = osp.join(samples_dir, 'grids')
    return sorted(osp.join(grid_dir, g) for g in os.listdir(grid_dir))


def config_files(paths):
    """The config files named, a folder standing for the .py files in it (sorted; files
    starting with '_', such as a shared base, left out)."""
    found = []
    for path in paths:
        if osp.isdir(path):
            found += sorted(osp.join(path, f) for f in os.listdir(path)
                            if f.endswith('.py') and not f.startswith('_'))
        elif osp.isfile(path):
            found.append(path)
        else:
            raise FileNotFoundError(f"config '{path}' does not exist")
    return found


def cost_section(records, variants):
    """Markdown of the training cost per variant (mean ± std over seeds), or '' if a run has no
    cost record (one trained before ablation.py recorded costs)."""
    costs = {v: [r['cost'] for r in records if r['variant'] == v and r.get('cost')]
             for v in variants}
    if not all(costs.values()):
        return ''
    return ('Training cost: seconds per iteration (as mmengine logs them: wall time, which other '
            'work on the machine inflates), CPU seconds per iteration of the training process '
            '(startup included) and its peak resident memory in MiB:\n\n'
            f'{metrics_table(costs, variants)}\n')


def main(argv=None):
    args = parse_args(argv)
    check_writable_folder(args.out, '--out')
    runs = [(config, seed) for config in config_files(args.configs) for seed in args.seeds]
    threads = args.threads or max(1, (os.cpu_count() or 1) // args.jobs)
    print(f'{len(runs)} runs, {args.jobs} at a time, {threads} threads each; logs in '
          f'{args.out}/<variant>/seed<S>/ablation.log', flush=True)

    def run(item):
        record = run_one(*item, args, threads)
        print(f"done {record['variant']} seed {record['seed']} "
              f"({record['train_seconds']:.0f} s training)", flush=True)
        return record

    with ThreadPoolExecutor(args.jobs) as pool:
        records = list(pool.map(run, runs))
    variants = list(dict.fromkeys(r['variant'] for r in records))
    results = {v: [r['metrics'] for r in records if r['variant'] == v] for v in variants}
    table = metrics_table(results, variants)
    first_seed = {r['variant']: r['grids'] for r in records if r['seed'] == args.seeds[0]}
    figure = samples_figure(first_seed, osp.join(args.out, f'{args.report}.png'))
    minutes = {v: sum(r['train_seconds'] for r in records if r['variant'] == v) / 60
               for v in variants}
    times = ', '.join(f'{v} {m:.1f}' for v, m in minutes.items())
    report = (f'# Ablation\n\n`{" ".join(sys.argv)}`\n\n{table}\n'
              f'Training minutes (all seeds; of a run trained before, only what this command '
              f'ran): {times}.\n\n{cost_section(records, variants)}'
              f'![samples]({osp.basename(figure)})\n')
    print(table)
    print(f'table: {write_text(report, osp.join(args.out, args.report + ".md"))}\n'
          f'figure: {figure}')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
