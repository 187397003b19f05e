"""Export a trained model: ``python tools/export.py CKPT --format onnx|torchscript [--dynamic]``.

Writes the generator (inputs ``A`` and, for models with a latent code, ``z``) and, for
BicycleGAN-type models, the encoder (``B`` -> ``z``) as separate files, each with a JSON sidecar;
every file is run against PyTorch on random inputs and the max abs difference printed.
"""
import os.path as osp

from i2itools.apis import load_translator
from i2itools.apis.exporting import FORMATS, export_translator
from i2itools.engine.cpu_settings import apply_cpu_settings
from i2itools.utils.cli_options import ToolArgumentParser, positive_int
from i2itools.utils.writable_folder import check_writable_folder


def parse_args(argv=None):
    parser = ToolArgumentParser(description='Export the generator (and encoder) to ONNX or '
                                'TorchScript, verified against PyTorch.')
    parser.add_argument('checkpoint', help='i2itools checkpoint, published file or reference '
                        'latest_net_G.pth')
    parser.add_argument('--format', required=True, choices=list(FORMATS))
    parser.add_argument('--out', help='output folder (default: <checkpoint>_<format> beside it)')
    parser.add_argument('--dynamic', action='store_true', help='free batch, height and width '
                        '(multiples of the generator\'s size multiple); verified at two sizes')
    parser.add_argument('--opset', type=positive_int, help='ONNX opset (default: the exporter\'s)')
    parser.add_argument('--half', action='store_true', help='float16 weights and inputs')
    parser.add_argument('--size', type=positive_int, help='height and width of the example '
                        'input (default: 256 rounded up to the size multiple)')
    parser.add_argument('--direction', help='test branch to export: AtoB or BtoA of a CycleGAN')
    parser.add_argument('--config', help='config to use instead of the one in the checkpoint')
    parser.add_argument('--plugins', nargs='+', default=[], metavar='PATH',
                        help='plugin files or folders, besides those the config records')
    args = parser.parse_args(argv)
    if args.opset is not None and args.format != 'onnx':
        parser.error('--opset goes with --format onnx')
    return args


def main(argv=None):
    args = parse_args(argv)
    out = args.out or osp.splitext(osp.abspath(args.checkpoint))[0] + f'_{args.format}'
    check_writable_folder(out, '--out')
    translator = load_translator(args.checkpoint, device='cpu', direction=args.direction,
                                 config=args.config, mode='eval', plugins=args.plugins)
    apply_cpu_settings(translator.cfg)
    for sidecar in export_translator(translator, out, args.format, dynamic=args.dynamic,
                                     opset=args.opset, half=args.half, size=args.size):
        names = ', '.join(f"{i['name']} {i['shape']}" for i in sidecar['inputs'])
        print(f"{osp.join(out, sidecar['file'])}: inputs {names}; max abs difference to "
              f"PyTorch {sidecar['max_abs_diff']:.2e}")


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
