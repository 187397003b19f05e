"""Translate the test split: ``python tools/test.py CONFIG CHECKPOINT [--out DIR] [--eval]``.

With ``--n-samples N`` (BicycleGAN and other z-conditioned models) each input gets N outputs for
random latent codes, plus the encoded reconstruction, as one grid per input.

CHECKPOINT is an i2itools checkpoint (``iter_*.pth``), a reference ``latest_net_<name>.pth``
or a reference checkpoint folder holding such files.
"""
import os.path as osp

from i2itools.apis import run_sampling, run_test
from i2itools.engine.config_loading import DictAction, load_config
from i2itools.engine.cpu_settings import apply_cpu_settings
from i2itools.utils.cli_options import ToolArgumentParser, device_name, positive_int
from i2itools.utils.writable_folder import check_writable_folder


def parse_args(argv=None):
    parser = ToolArgumentParser(description='Write translated test images and index.html.')
    parser.add_argument('config', help='the config the model was trained with')
    parser.add_argument('checkpoint', help='i2itools checkpoint, reference latest_net_<name>.pth '
                        'or a folder of them')
    parser.add_argument('--out', help='output folder (default: beside the checkpoint, '
                        'test_<checkpoint name>)')
    parser.add_argument('--num-test', type=positive_int, help='translate only the first N test '
                        'images (default: all of them)')
    parser.add_argument('--eval', action='store_true', help='eval mode: batch-norm running '
                        'statistics and no dropout (the reference default is train mode)')
    parser.add_argument('--direction', help='run only this test branch, e.g. AtoB or BtoA of a '
                        'CycleGAN (default: all of them)')
    parser.add_argument('--input', metavar='DIR', help='translate a folder of images (one '
                        'direction) instead of the config\'s test split')
    parser.add_argument('--n-samples', type=positive_int, help='sample N random latent codes per '
                        'input (models with a random-z test branch; eval mode, as the BicycleGAN '
                        'reference)')
    parser.add_argument('--sync', action='store_true', help='with --n-samples: the same codes '
                        'for every input')
    parser.add_argument('--no-encode', action='store_true', help='with --n-samples: skip the '
                        'encoded reconstruction (no encoder needed)')
    parser.add_argument('--seed', type=int, default=0, help='seed for test-time dropout')
    parser.add_argument('--no-ema', action='store_true', help='the raw weights of nets whose '
                        'moving average the checkpoint holds (default: the averages)')
    parser.add_argument('--device', type=device_name, help='cpu, cuda or cuda:N (default: cuda '
                        'when available)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE',
                        help='override config entries')
    parser.add_argument('--plugins', nargs='+', default=[], metavar='PATH',
                        help='plugin .py files or folders of them to import, besides those the '
                        'config and checkpoint record')
    args = parser.parse_args(argv)
    if args.n_samples and (args.eval or args.direction or args.input):
        parser.error('--n-samples samples in eval mode over the test split; it takes no '
                     '--eval, --direction or --input')
    if not args.n_samples and (args.sync or args.no_encode):
        parser.error('--sync and --no-encode go with --n-samples')
    return args


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options, plugins=args.plugins,
                      checkpoint=args.checkpoint)
    apply_cpu_settings(cfg)
    out = args.out or osp.join(osp.dirname(osp.abspath(args.checkpoint)),
                               'test_' + osp.splitext(osp.basename(args.checkpoint))[0])
    check_writable_folder(out, '--out')
    if args.n_samples:
        summary = run_sampling(cfg, args.checkpoint, out, n_samples=args.n_samples, sync=args.sync,
                               encode=not args.no_encode, num_test=args.num_test, seed=args.seed,
                               device=args.device, ema=not args.no_ema)
    else:
        summary = run_test(cfg, args.checkpoint, out, num_test=args.num_test, eval_mode=args.eval,
                           seed=args.seed, device=args.device, direction=args.direction,
                           input_dir=args.input, ema=not args.no_ema)
    if summary['untrained']:
        print(f"warning: {', '.join(summary['untrained'])} got no weights from {args.checkpoint} "
              'and run with their initial ones; pass a checkpoint (or folder) that has them')
    for name, value in summary.get('metrics', {}).items():
        print(f'{name}: {value:.4f}')
    print(f"loaded {', '.join(summary['nets'])} from {args.checkpoint}; "
          f"{summary['images']} images translated in {summary['mode']} mode; "
          f"gallery: {summary['html']}")


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
