"""Training speed: ``python tools/benchmark.py CONFIG [--amp] [--batch-size N]``.

Runs warm-up iterations, then times ``--chunks`` chunks of ``--iters`` iterations on one
synthetic in-memory batch and prints the median ms/iter and images/s, the CPU ms/iter and the
peak resident memory (with what training adds to the built model).
"""

from i2itools.apis import build_model
from i2itools.apis.benchmarking import benchmark_training, crop_size
from i2itools.engine.config_loading import DictAction, load_config
from i2itools.engine.cpu_settings import apply_cpu_settings
from i2itools.engine.mixed_precision import enable_mixed_precision
from i2itools.utils.cli_options import (ToolArgumentParser, device_name, non_negative_int,
                                        positive_int)


def parse_args(argv=None):
    parser = ToolArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('--amp', action='store_true', help='bfloat16 mixed precision')
    parser.add_argument('--batch-size', type=positive_int, help='default: the config\'s batch size')
    parser.add_argument('--size', type=positive_int, help='image size (default: the training crop)')
    parser.add_argument('--warmup', type=non_negative_int, default=10,
                        help='untimed iterations first')
    parser.add_argument('--iters', type=positive_int, default=50, help='iterations per timed chunk')
    parser.add_argument('--chunks', type=positive_int, default=5,
                        help='timed chunks (median reported)')
    parser.add_argument('--device', type=device_name,
                        help='cpu, cuda or cuda:N (default: cuda when available)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options)
    if args.amp:
        enable_mixed_precision(cfg)
    apply_cpu_settings(cfg)
    batch_size = args.batch_size or cfg.train_dataloader.batch_size
    size = args.size or crop_size(cfg)
    model = build_model(cfg, args.device)
    result = benchmark_training(model, cfg, batch_size, size, args.warmup, args.iters, args.chunks)
    device = next(model.parameters()).device
    precision = 'bf16 autocast' if args.amp else 'fp32'
    print(f'{args.config}: batch {batch_size}, {size}x{size}, {precision}, {device}')
    print(f"  {result['ms_per_iter']:.2f} ms/iter (median of {args.chunks} chunks of {args.iters}), "
          f"{result['images_per_s']:.1f} images/s")
    print('  chunks (ms/iter): ' + ', '.join(f'{t:.2f}' for t in result['chunk_ms']))
    print(f"  CPU {result['cpu_ms_per_iter']:.2f} ms/iter; peak resident memory "
          f"{result['peak_rss_mib']:.0f} MiB, of which training adds "
          f"{result['peak_rss_mib'] - result['built_rss_mib']:.0f} MiB to the built model")


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
