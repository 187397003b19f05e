"""Training speed: ``python tools/benchmark.py CONFIG [--batch-size N] [--fast]``.

By default times the model's training step on one synthetic in-memory batch (warm-up, then the
median of ``--chunks`` chunks of ``--iters`` iterations): ms/iter, images/s, FLOP/s, CPU ms/iter
and the peak resident memory (with what training adds to the built model) and, on a GPU, the
peak memory and the fraction of its bfloat16 peak. Other modes:

- ``--plain``: the reference repository's own step over the same nets, in a plain loop (the
  bare network math that the model's step is compared with);
- ``--breakdown``: the real training loop (the config's data, hooks and logging), with the
  time per iteration of each part;
- ``--data-only``: training pairs decoded and augmented per second by one core.
"""
import os

import torch

from i2itools.apis import build_model
from i2itools.apis.benchmarking import (benchmark_reference_loop, benchmark_training, crop_size,
                                        gpu_bf16_peak_tflops)
from i2itools.apis.data_throughput import benchmark_data
from i2itools.apis.loop_breakdown import PARTS, benchmark_loop
from i2itools.engine.config_loading import DictAction, load_config
from i2itools.engine.cpu_capabilities import cpu_model, native_bfloat16
from i2itools.engine.cpu_settings import apply_cpu_settings
from i2itools.engine.fast_path import apply_fast_path
from i2itools.engine.mixed_precision import enable_mixed_precision
from i2itools.utils.cli_options import (ToolArgumentParser, device_name, non_negative_int,
                                        positive_int)


def parse_args(argv=None):
    parser = ToolArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument('--plain', action='store_true',
                      help="the reference's own step over the same nets (float32)")
    mode.add_argument('--breakdown', action='store_true',
                      help='the real training loop: data, step, hooks, logging per iteration '
                      '(on the GPU when one is visible: CUDA_VISIBLE_DEVICES= for the CPU)')
    mode.add_argument('--data-only', action='store_true',
                      help='training pairs decoded and augmented per second by one core')
    parser.add_argument('--fast', action='store_true', help='the fast path (docs/performance.md)')
    parser.add_argument('--amp', action='store_true', help='bfloat16 mixed precision')
    parser.add_argument('--threads', type=positive_int, metavar='N', help='intra-op CPU threads')
    parser.add_argument('--batch-size', type=positive_int, help="default: the config's batch size")
    parser.add_argument('--size', type=positive_int, help='image size (default: the training crop)')
    parser.add_argument('--warmup', type=non_negative_int, default=10,
                        help='untimed iterations first')
    parser.add_argument('--iters', type=positive_int, default=50,
                        help='iterations per timed chunk (--breakdown: iterations timed; '
                        '--data-only: pairs)')
    parser.add_argument('--chunks', type=positive_int, default=5,
                        help='timed chunks (median reported)')
    parser.add_argument('--device', type=device_name,
                        help='cpu, cuda or cuda:N (default: cuda when available)')
    parser.add_argument('--peak-tflops', type=float,
                        help="the GPU's dense bfloat16 peak, for a GPU not in the built-in list")
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE')
    args = parser.parse_args(argv)
    if args.plain and (args.fast or args.amp):
        parser.error("--plain times the reference's float32 step; it takes no --fast or --amp")
    return args


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options)
    device = torch.device(args.device or ('cuda' if torch.cuda.is_available() else 'cpu'))
    if args.amp:
        enable_mixed_precision(cfg)
    cfg.fast = args.fast or cfg.get('fast', False)
    if args.threads is not None:
        cfg.threads = args.threads
    fast_line = apply_fast_path(cfg, device.type)
    apply_cpu_settings(cfg)
    if args.batch_size:
        cfg.train_dataloader.batch_size = args.batch_size
    batch_size = cfg.train_dataloader.batch_size
    print(_machine(device))
    if fast_line:
        print(fast_line)
    if args.data_only:
        _report_data(args, cfg)
    elif args.breakdown:
        _report_breakdown(args, cfg, batch_size, device)
    else:
        _report_step(args, cfg, batch_size, device)


def _machine(device):
    if device.type == 'cuda':
        return f'device: {torch.cuda.get_device_name(device)}, torch {torch.__version__}'
    return (f'device: CPU {cpu_model()} (native bfloat16: {native_bfloat16() or "none"}), '
            f'{torch.get_num_threads()} threads, torch {torch.__version__}')


def _report_step(args, cfg, batch_size, device):
    size = args.size or crop_size(cfg)
    model = build_model(cfg, device)
    if cfg.fast and cfg.fast['matmul_convolutions']:
        model.use_matmul_convolutions()
    run = benchmark_reference_loop if args.plain else benchmark_training
    result = run(model, cfg, batch_size, size, args.warmup, args.iters, args.chunks)
    what = 'reference plain loop' if args.plain else 'train step'
    precision = ('bf16 autocast' if cfg.optim_wrapper.get('default', cfg.optim_wrapper).get(
        'type') == 'MixedPrecisionOptimWrapper' else 'fp32')
    print(f'{args.config}: {what}, batch {batch_size}, {size}x{size}, {precision}, {device}')
    tflops = result['flops'] / result['ms_per_iter'] / 1e9
    print(f"  {result['ms_per_iter']:.2f} ms/iter (median of {args.chunks} chunks of "
          f"{args.iters}), {result['images_per_s']:.1f} images/s, "
          f"{result['flops'] / 1e9:.2f} GFLOP/iter, {tflops * 1000:.1f} GFLOP/s")
    print('  chunks (ms/iter): ' + ', '.join(f'{t:.2f}' for t in result['chunk_ms']))
    print(f"  CPU {result['cpu_ms_per_iter']:.2f} ms/iter; peak resident memory "
          f"{result['peak_rss_mib']:.0f} MiB, of which training adds "
          f"{result['peak_rss_mib'] - result['built_rss_mib']:.0f} MiB to the built model")
    if device.type == 'cuda':
        peak = args.peak_tflops or gpu_bf16_peak_tflops(torch.cuda.get_device_name(device))
        share = (f'{100 * tflops / peak:.1f}% of the bf16 peak ({peak:g} TFLOP/s)' if peak
                 else 'bf16 peak unknown for this GPU: pass --peak-tflops')
        print(f"  peak memory {result['peak_memory'] / 2 ** 30:.2f} GiB, {share}")


def _report_breakdown(args, cfg, batch_size, device):
    result = benchmark_loop(cfg, args.warmup, args.iters)
    ms = result['ms']
    print(f"{args.config}: training loop, batch {batch_size}, {device}, "
          f"{result['iterations']} iterations after {args.warmup}")
    print(f"  {ms['total']:.2f} ms/iter, {batch_size * 1000 / ms['total']:.1f} images/s")
    print('  ' + ', '.join(f'{part} {ms[part]:.2f} ms ({100 * ms[part] / ms["total"]:.1f}%)'
                           for part in (*PARTS, 'loop')))
    print('  slowest hooks (ms/iter): ' + ', '.join(
        f'{name} {t:.3f}' for name, t in result['slowest_hooks'].items()))


def _report_data(args, cfg):
    result = benchmark_data(cfg, samples=args.iters, warmup=args.warmup)
    size = 'x'.join(map(str, result['image_size'][1:]))
    print(f"{args.config}: data, one core, {result['dataset']} pairs, {size} A and B each")
    line = f"  {result['items_per_s']:.1f} pairs/s/core (read, decode, split, resize, crop, flip)"
    if result['decode_per_s']:
        share = result['items_per_s'] / result['decode_per_s']
        line += (f"; reading and decoding alone {result['decode_per_s']:.1f} files/s "
                 f'({100 * share:.0f}% of the time)')
    print(line)
    cores = os.cpu_count() or 1
    print(f'  predicted with one loader worker per core: {result["items_per_s"] * cores:.0f} '
          f'pairs/s on the {cores} cores here, {result["items_per_s"] * 16:.0f} on 16 cores')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
