"""Split aligned ``A | B`` images into two folders: ``python tools/split_aligned.py ALIGNED_DIR
OUT [--split train]``, the reverse of ``tools/make_aligned.py``.

Each image under ``ALIGNED_DIR`` (recursively) is cut at half its width; the left half goes to
``OUT/{SPLIT}A`` and the right half to ``OUT/{SPLIT}B`` under the same name, the layout
``PairedFolderDataset`` reads (``OUT/A`` and ``OUT/B`` without ``--split``). Bit depth and
channels are kept.
"""
import argparse
import os

from i2itools.datasets import list_images, split_side_by_side
from i2itools.datasets.side_by_side import read_unchanged, write_new
from i2itools.datasets.stem_matching import stem
from i2itools.utils.cli_options import ToolArgumentParser


def parse_args(argv=None):
    parser = ToolArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('aligned_dir', metavar='ALIGNED_DIR',
                        help='folder of A | B images (read recursively)')
    parser.add_argument('out', metavar='OUT', help='output folder')
    parser.add_argument('--split', default='',
                        help='prefix of the output folders: OUT/{SPLIT}A and OUT/{SPLIT}B')
    parser.add_argument('--ext', choices=('.png', '.tif', '.jpg'), default='.png',
                        help='output format (default .png: lossless, 8 or 16 bits)')
    parser.add_argument('--overwrite', action='store_true', help='replace existing output files')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    paths = list_images(args.aligned_dir, None, 'split_aligned.py reads a folder of A | B '
                        'images, e.g. datasets/facades/train.')
    folders = [os.path.join(args.out, args.split + side) for side in 'AB']
    for path in paths:
        name = stem(path, args.aligned_dir) + args.ext
        for folder, half in zip(folders, split_side_by_side(read_unchanged(path), path)):
            write_new(os.path.join(folder, name), half, args.overwrite)
    print(f'Wrote {len(paths)} A and B images to {os.path.abspath(folders[0])} and '
          f'{os.path.abspath(folders[1])}')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
