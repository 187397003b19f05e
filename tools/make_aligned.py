"""Join two folders of matching images into the aligned layout: ``python tools/make_aligned.py
A_DIR B_DIR OUT [--split train]``.

Each A image and the B image of the same name without extension (``photos/0001.jpg`` and
``labels/0001.png``; sub-folders included) become one image ``A | B`` in ``OUT`` (or
``OUT/SPLIT``), the layout ``AlignedDataset`` and the reference pix2pix read. Bit depth and
channels are kept (a grey image beside an RGB one is repeated to RGB); A and B must have the
same size. Files without a partner stop the tool, which names them, unless ``--unmatched skip``.
``tools/split_aligned.py`` does the reverse.
"""
import argparse
import os

from i2itools.datasets import list_images, match_by_stem, report_unmatched
from i2itools.datasets.side_by_side import join_side_by_side, read_unchanged, write_new
from i2itools.datasets.stem_matching import stem
from i2itools.utils.cli_options import ToolArgumentParser


def parse_args(argv=None):
    parser = ToolArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('a_dir', metavar='A_DIR', help='folder of A images (read recursively)')
    parser.add_argument('b_dir', metavar='B_DIR', help='folder of B images of the same names')
    parser.add_argument('out', metavar='OUT', help='output folder')
    parser.add_argument('--split', default='', help='write into OUT/SPLIT, e.g. train')
    parser.add_argument('--unmatched', choices=('error', 'skip'), default='error',
                        help='files without a partner: stop naming them (default), or leave '
                        'them out with a warning')
    parser.add_argument('--ext', choices=('.png', '.tif', '.jpg'), default='.png',
                        help='output format (default .png: lossless, 8 or 16 bits)')
    parser.add_argument('--overwrite', action='store_true', help='replace existing output files')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    hint = 'make_aligned.py reads two folders of images whose names match without extension.'
    match = match_by_stem(list_images(args.a_dir, None, hint), args.a_dir,
                          list_images(args.b_dir, None, hint), args.b_dir)
    report_unmatched(match, args.unmatched, f"make_aligned '{args.a_dir}' / '{args.b_dir}'",
                     'pass --unmatched skip')
    out = os.path.join(args.out, args.split)
    for a_path, b_path in match.pairs:
        pixels = join_side_by_side(read_unchanged(a_path), read_unchanged(b_path), a_path,
                                   b_path)
        write_new(os.path.join(out, stem(a_path, args.a_dir) + args.ext), pixels,
                  args.overwrite)
    print(f'Wrote {len(match.pairs)} aligned pairs (A | B) to {os.path.abspath(out)}')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
