"""Every measured figure of docs/performance.md in one run, side by side on one machine:
``python tools/performance_report.py [--out DIR] [--quick]``.

Runs, one after the other (run it on a quiet machine: the load average is recorded):

1. for pix2pix, CycleGAN and BicycleGAN at the reference batch sizes (1, 1, 2), 128 px, widths
   32: the reference's plain loop over the same nets, the faithful train step and the fast one
   (``tools/benchmark.py [--plain | --fast]``);
2. the real training loop of each, faithful, with the time of data, step, hooks and logging
   (``--breakdown``);
3. two pix2pix trainings side by side (``tools/train.py`` twice at once), with torch's default
   threads and with ``--threads`` = cores / 2, and one alone;
4. 256x256 A|B pairs decoded and augmented per second by one core (``--data-only``);
5. on a GPU, the GPU table: the 256-px reference configs at the reference and at a throughput
   batch size, faithful and fast.

Writes ``OUT/performance.md`` (tables, machine, every command) and ``OUT/logs/`` (their output).
"""
import argparse
import os
import os.path as osp
import re
import subprocess
import sys
import tempfile
import time

import torch

from i2itools.engine.cpu_capabilities import cpu_model, load_average, native_bfloat16, usable_cores

TOOLS = osp.dirname(osp.abspath(__file__))
#: the environment of the CPU measurements on a machine with a GPU (the Runner takes a visible GPU)
CPU_ONLY = {**os.environ, 'CUDA_VISIBLE_DEVICES': ''}
#: the 128-px, width-32 settings of each model, and its reference batch size
MODELS = {
    'pix2pix': dict(config='configs/pix2pix/synth_facades.py', batch=1, options=[],
                    data=[]),
    'CycleGAN': dict(
        config='configs/cyclegan/synth_stripes.py', batch=1,
        options=[f'model.nets.{n}.base_channels=32' for n in ('G_A', 'G_B', 'D_A', 'D_B')]
        + ['model.nets.G_A.num_blocks=9', 'model.nets.G_B.num_blocks=9'],
        data=['train_dataloader.dataset.builtin.size=128',
              'train_dataloader.dataset.data_root=data/synth_stripes_128']),
    'BicycleGAN': dict(
        config='configs/bicycle/z8_all.py', batch=2,
        options=['model.nets.G.num_downs=7', 'model.nets.E.num_blocks=resnet_128']
        + [f'model.nets.{n}.base_channels=32' for n in ('G', 'E', 'D', 'D2')]
        + ['model.nets.D.num_layers=2', 'model.nets.D2.num_layers=2'],
        data=['train_dataloader.dataset.builtin.size=128',
              'train_dataloader.dataset.data_root=data/synth_shapes_128']),
}
#: the GPU table: the full-size reference configs (256 px), at the reference batch size and at a
#: throughput batch size
GPU_MODELS = {'pix2pix': ('configs/pix2pix/facades.py', (1, 32)),
              'CycleGAN': ('configs/cyclegan/horse2zebra.py', (1, 16)),
              'BicycleGAN': ('configs/bicycle/facades_z8_all.py', (2, 32))}
#: the data figure: the reference facades pipeline (load 286, crop 256, flip) on built-in pairs
DATA = ['configs/pix2pix/facades.py', '--data-only', '--cfg-options',
        'train_dataloader.dataset.data_root=data/synth_facades',
        'train_dataloader.dataset.builtin=synth_facades']


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default='work_dirs/performance', help='folder for the report')
    parser.add_argument('--quick', action='store_true',
                        help='few iterations: checks that everything runs, not a measurement')
    parser.add_argument('--two-run-iters', type=int, default=300,
                        help='iterations of each side-by-side training (default: 300)')
    return parser.parse_args(argv)


class Report:
    """Runs the commands, keeps their output in ``logs/`` and the markdown lines."""

    def __init__(self, out):
        self.out = out
        self.lines = []
        self.commands = []
        self.printed = {}  # model -> mode -> what tools/benchmark.py printed
        os.makedirs(osp.join(out, 'logs'), exist_ok=True)

    def benchmark(self, name, *args, cpu_only=False):
        return self.run(name, [sys.executable, osp.join(TOOLS, 'benchmark.py'), *args],
                        env=CPU_ONLY if cpu_only else None)

    def run(self, name, command, env=None):
        self.commands.append(' '.join(command[1:]))
        print(f'[{time.strftime("%H:%M:%S")}] {name}: {" ".join(command[1:])}', flush=True)
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        output = done.stdout + done.stderr
        with open(osp.join(self.out, 'logs', f'{name}.log'), 'w') as log:
            log.write(output)
        if done.returncode:
            raise RuntimeError(f'{name} failed (exit {done.returncode}); see '
                               f'{self.out}/logs/{name}.log:\n{output[-2000:]}')
        return output

    def add(self, *lines):
        self.lines.extend(lines)


def main(argv=None):
    args = parse_args(argv)
    report = Report(args.out)
    timing = ['--warmup', '2', '--iters', '3', '--chunks', '2'] if args.quick else []
    loop_timing = ['--warmup', '3', '--iters', '10'] if args.quick else [
        '--warmup', '20', '--iters', '200']
    load_before = load_average()
    report.add('## Machine', '', _machine(), '')
    step_table(report, timing)
    breakdown_table(report, loop_timing)
    side_by_side(report, 20 if args.quick else args.two_run_iters)
    data_figure(report, ['--iters', '20'] if args.quick else ['--iters', '300'])
    if torch.cuda.is_available():
        gpu_table(report, timing)
    report.add('', f'1-minute load average: {load_before:.2f} before, {load_average():.2f} after.',
               '', '## Commands', '', '```', *report.commands, '```')
    path = osp.join(args.out, 'performance.md')
    with open(path, 'w') as f:
        f.write('\n'.join(report.lines) + '\n')
    print(f'wrote {path}')


def _machine():
    device = (torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU')
    return (f'CPU {cpu_model()}, {usable_cores()} cores, native bfloat16: '
            f'{native_bfloat16() or "none"}; {device}; torch {torch.__version__}')


def step_table(report, timing):
    report.add('## Training step, synthetic batches (img/s)', '',
               '| model | batch | reference plain loop | faithful | fast | faithful / plain '
               '| fast / faithful |', '|---|---|---|---|---|---|---|')
    for name, model in MODELS.items():
        common = [model['config'], '--batch-size', str(model['batch']), '--size', '128',
                  '--device', 'cpu', *timing, *_options(model['options'])]
        outputs = {mode: report.benchmark(f'step_{name}_{mode}', *flags, *common)
                   for mode, flags in (('plain', ['--plain']), ('faithful', []),
                                       ('fast', ['--fast']))}
        report.printed[name] = outputs
        speeds = {mode: _images_per_s(output) for mode, output in outputs.items()}
        report.add(f"| {name} | {model['batch']} | {speeds['plain']:.2f} | "
                   f"{speeds['faithful']:.2f} | {speeds['fast']:.2f} | "
                   f"{speeds['faithful'] / speeds['plain']:.2f} | "
                   f"{speeds['fast'] / speeds['faithful']:.2f} |")
    report.add('', 'As printed (`tools/benchmark.py configs/pix2pix/synth_facades.py '
               '--batch-size 1`, then `--fast`):', '', '```')
    for mode in ('faithful', 'fast'):
        report.add(*_printed(report.printed['pix2pix'][mode]))
    report.add('```', '')


def breakdown_table(report, timing):
    report.add('## Training loop, faithful, real data (ms per iteration)', '',
               '| model | total | data | step | hooks | logging | loop | img/s |',
               '|---|---|---|---|---|---|---|---|')
    for name, model in MODELS.items():
        # the test split too (the health check translates it when training ends)
        test_data = [d.replace('train_dataloader', 'test_dataloader', 1) for d in model['data']]
        output = report.benchmark(
            f'loop_{name}', model['config'], '--breakdown', *timing,
            *_options([*model['options'], *model['data'], *test_data,
                       f"train_dataloader.batch_size={model['batch']}"]), cpu_only=True)
        total = float(re.search(r'([\d.]+) ms/iter', output).group(1))
        parts = dict(re.findall(r'(data|step|hooks|logging|loop) ([\d.-]+) ms', output))
        report.add(f'| {name} | {total:.1f} | ' + ' | '.join(
            parts[p] for p in ('data', 'step', 'hooks', 'logging', 'loop'))
            + f" | {model['batch'] * 1000 / total:.2f} |")
        report.printed[f'loop_{name}'] = output
    report.add('', 'As printed (pix2pix):', '', '```', *_printed(report.printed['loop_pix2pix']),
               '```', '')


def side_by_side(report, iters):
    cores = usable_cores()
    share = max(1, cores // 2)
    report.add(f'## Two pix2pix trainings side by side on {cores} cores (img/s of each)', '',
               '| threads per run | run 1 | run 2 | together | warned |', '|---|---|---|---|---|')
    alone = _train_runs(report, 'alone', [[]], iters)
    report.add(f'| one run alone, default ({torch.get_num_threads()}) | {alone[0][0]:.2f} | - | '
               f'{alone[0][0]:.2f} | {"yes" if alone[0][1] else "no"} |')
    for label, extra in ((f'default ({torch.get_num_threads()})', []),
                         (f'--threads {share}', ['--threads', str(share)])):
        runs = _train_runs(report, f'two_{extra[-1] if extra else "default"}', [extra, extra],
                           iters)
        report.add(f'| {label} | {runs[0][0]:.2f} | {runs[1][0]:.2f} | '
                   f'{runs[0][0] + runs[1][0]:.2f} | '
                   f'{" / ".join("yes" if warned else "no" for _, warned in runs)} |')
    report.add('')


def _train_runs(report, name, extras, iters):
    """(img/s, warned) of each ``tools/train.py`` run, all started at once."""
    model = MODELS['pix2pix']
    options = [f'train_cfg.max_iters={iters}', f'train_cfg.val_begin={iters + 1}',
               f'default_hooks.logger.interval={max(1, iters // 3)}',
               'default_hooks.checkpoint.interval=1000000', 'default_hooks.checkpoint.save_last=False',
               'default_hooks.samples.interval=1000000',
               'default_hooks.reference_weights.interval=1000000',
               'default_hooks.speed.check_after=30']
    processes, logs = [], []
    with tempfile.TemporaryDirectory() as work:
        for index, extra in enumerate(extras):
            command = [sys.executable, osp.join(TOOLS, 'train.py'), model['config'],
                       '--work-dir', osp.join(work, str(index)), *extra, '--cfg-options', *options]
            report.commands.append(' '.join(command[1:]))
            log = open(osp.join(report.out, 'logs', f'{name}_{index}.log'), 'w')
            logs.append(log)
            processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                              env=CPU_ONLY))
        for process in processes:
            process.wait()
    results = []
    for process, log in zip(processes, logs):
        log.close()
        text = open(log.name).read()
        if process.returncode:
            raise RuntimeError(f'{log.name}: tools/train.py failed:\n{text[-2000:]}')
        seconds = float(re.findall(r'\btime: ([\d.]+)', text)[-1])
        warned = 'intra-op threads but only' in text or 'load average is' in text
        results.append((model['batch'] / seconds, warned))
    return results


def data_figure(report, timing):
    output = report.benchmark('data', *DATA[:2], *timing, *DATA[2:], cpu_only=True)
    report.add('## Data loading', '', '```', *_printed(output), '```', '')


def gpu_table(report, timing):
    report.add('## GPU, 256 px reference configs (img/s, peak memory, share of the bf16 peak)',
               '', '| model | batch | faithful | fast |', '|---|---|---|---|')
    for name, (config, batches) in GPU_MODELS.items():
        for batch in batches:
            cells = []
            for mode, flags in (('faithful', []), ('fast', ['--fast'])):
                output = report.benchmark(f'gpu_{name}_{batch}_{mode}', config, *flags,
                                          '--batch-size', str(batch), '--device', 'cuda',
                                          *timing)
                memory = re.search(r'peak memory ([\d.]+ GiB), (.*)', output)
                cells.append(f'{_images_per_s(output):.1f} ({memory.group(1)}, '
                             f'{memory.group(2).split(" of")[0]})')
            report.add(f'| {name} | {batch} | {cells[0]} | {cells[1]} |')
    report.add('')


def _printed(output):
    """The result lines of a ``tools/benchmark.py`` output (no log lines)."""
    return [line for line in output.splitlines()
            if re.match(r'(device: |fast path: |configs/|  \S)', line)]


def _options(options):
    return ['--cfg-options', *options] if options else []


def _images_per_s(output):
    return float(re.search(r'([\d.]+) images/s', output).group(1))


if __name__ == '__main__':
    main()
