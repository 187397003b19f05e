"""Apply a trained model: ``python tools/translate.py CKPT INPUT... --out DIR``.

INPUT is an image, a folder (recursive; relative paths are kept), a glob, a text file of paths
or a video. Outputs have the input's size and bit depth; the config comes from the checkpoint.
"""
import os.path as osp

import numpy as np
import torch

from i2itools.apis import load_translator
from i2itools.apis.image_tensors import ROUNDINGS
from i2itools.apis.input_collection import collect_inputs
from i2itools.apis.tiling import check_tile
from i2itools.apis.translating import TranslateOptions, translate_files
from i2itools.engine.cpu_settings import apply_cpu_settings
from i2itools.utils.cli_errors import UserValueError
from i2itools.utils.cli_options import (ToolArgumentParser, device_name, non_negative_int,
                                        positive_int)
from i2itools.utils.image_io import read_image
from i2itools.utils.writable_folder import check_writable_folder


def parse_args(argv=None):
    parser = ToolArgumentParser(description='Translate images, folders and videos with a '
                                'checkpoint; outputs keep the inputs\' size and bit depth.')
    parser.add_argument('checkpoint', help='i2itools checkpoint, published file or reference '
                        'latest_net_G.pth')
    parser.add_argument('inputs', nargs='+', metavar='INPUT', help='image, folder, glob (quoted), '
                        '.txt list of paths, or video')
    parser.add_argument('--out', required=True, help='output folder')
    parser.add_argument('--direction', help='test branch to run: AtoB or BtoA for a CycleGAN '
                        '(default: the only generator, or AtoB)')
    parser.add_argument('--n-samples', type=positive_int, default=1, help='outputs per input, '
                        'each under its own latent code (z models) or dropout draw')
    parser.add_argument('--seed', type=int, default=0, help='seed of the latent codes and dropout')
    parser.add_argument('--z-from', metavar='IMAGE', help='use the code the encoder gives this '
                        'style image, resized as the reference does (PIL bicubic) '
                        '(BicycleGAN-type models)')
    parser.add_argument('--z', metavar='FILE.npy', help='use these codes: an nz or k x nz array; '
                        'k codes give k outputs per input (z models)')
    parser.add_argument('--rounding', choices=ROUNDINGS, default='nearest',
                        help='how outputs become integer levels: nearest (default: an '
                        'unchanged pixel keeps its value) or floor (the reference\'s tensor2im: '
                        'its PNGs bit for bit)')
    parser.add_argument('--batch-size', type=positive_int, default=1, help='images (of one '
                        'size) or video frames per forward pass')
    parser.add_argument('--tile', type=non_negative_int, help='translate in tiles of this many px '
                        '(images too large for memory), a multiple of the generator\'s size '
                        'multiple; 0 or left out: no tiling')
    parser.add_argument('--overlap', type=non_negative_int, help='px by which tiles overlap '
                        '(default 32)')
    parser.add_argument('--bit-depth', type=int, choices=(8, 16), help='bits of the outputs '
                        '(default: those of each input)')
    parser.add_argument('--side-by-side', action='store_true', help='write the input and its '
                        'outputs in one image')
    parser.add_argument('--overwrite', action='store_true', help='replace existing outputs '
                        '(default: keep them and skip their inputs)')
    parser.add_argument('--strict', action='store_true', help='stop at the first unreadable '
                        'input instead of skipping it')
    parser.add_argument('--device', type=device_name, help='cpu, cuda or cuda:N (default: cuda '
                        'when available)')
    parser.add_argument('--amp', action='store_true', help='bfloat16 (CPU) / float16 (CUDA)')
    parser.add_argument('--eval', action='store_true', help='eval mode (running statistics, no '
                        'dropout) even for models tested in train mode (pix2pix, CycleGAN)')
    parser.add_argument('--no-ema', action='store_true', help='the raw weights of nets whose '
                        'moving average the checkpoint holds (default: the averages)')
    parser.add_argument('--config', help='config to use instead of the one in the checkpoint '
                        '(needed for reference files that are not U-Net/ResNet generators)')
    parser.add_argument('--plugins', nargs='+', default=[], metavar='PATH',
                        help='plugin files or folders, besides those the config records')
    args = parser.parse_args(argv)
    if args.z_from and args.n_samples != 1:
        parser.error('--z-from gives one code: it takes no --n-samples')
    if args.z and (args.z_from or args.n_samples != 1):
        parser.error('--z gives the codes: it takes no --z-from or --n-samples')
    if args.overlap is not None and not args.tile:
        parser.error('--overlap goes with --tile')
    return args


def main(argv=None):
    args = parse_args(argv)
    check_writable_folder(args.out, '--out')
    files = collect_inputs(args.inputs)
    translator = load_translator(args.checkpoint, device=args.device, direction=args.direction,
                                 config=args.config, mode='eval' if args.eval else None,
                                 amp=args.amp, plugins=args.plugins, ema=not args.no_ema,
                                 rounding=args.rounding)
    apply_cpu_settings(translator.cfg)
    overlap = 32 if args.overlap is None else args.overlap
    check_tile(args.tile, overlap, translator.size_multiple)
    options = TranslateOptions(
        n_samples=args.n_samples, seed=args.seed, batch_size=args.batch_size, tile=args.tile,
        overlap=overlap, bit_depth=args.bit_depth,
        side_by_side=args.side_by_side, overwrite=args.overwrite, strict=args.strict,
        z=given_codes(translator, args))
    summary = translate_files(translator, files, args.out, options)
    print(f'{summary.images} images and {summary.frames} frames of {summary.videos} videos '
          f'translated ({translator.mode} mode) into {osp.abspath(args.out)}')
    if summary.existing:
        print(f'{summary.existing} inputs skipped: their outputs exist (--overwrite replaces them)')
    if summary.failed:
        shown = ', '.join(summary.failed[:5]) + (' ...' if len(summary.failed) > 5 else '')
        print(f'{len(summary.failed)} inputs could not be read and were skipped: {shown}')


def given_codes(translator, args):
    """The codes ``--z`` or ``--z-from`` give (k x nz), or None to draw them from ``--seed``."""
    if args.z_from:
        return translator.encode(read_image(args.z_from))
    if not args.z:
        return None
    if not translator.nz:
        raise UserValueError(f'--z {args.z}: this model\'s generator takes no latent code')
    codes = np.load(args.z)
    if codes.ndim not in (1, 2) or codes.shape[-1] != translator.nz:
        raise UserValueError(f'--z {args.z}: an array of shape {codes.shape}; the generator '
                             f'takes codes of {translator.nz} numbers: give shape '
                             f'({translator.nz},) or (k, {translator.nz})')
    return torch.from_numpy(codes.astype(np.float32)).reshape(-1, translator.nz)


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
