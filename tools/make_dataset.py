"""Generate a built-in synthetic dataset, e.g. ``python tools/make_dataset.py synth_facades``.

Writes ``--root`` (default ``data/NAME``) in the layout its dataset reads (``synth_facades``:
train/val/test of A|B pairs; ``synth_stripes``: trainA/trainB/testA/testB and the true
counterparts of the test images; ``synth_shapes``: train/val/test of A|B pairs and the mode of
each image in {split}_modes.json), and refuses to replace an existing non-empty folder unless
``--force``. Only the options the dataset's generator has are accepted.
"""
import argparse
import os
import sys
import time

from i2itools.datasets.synthetic import BUILTIN_DATASETS, write_builtin
from i2itools.utils.cli_options import ToolArgumentParser, non_negative_int, positive_int

#: command-line flag -> generator option; only the flags given are passed on
OPTION_FLAGS = {'size': 'size', 'num_train': 'num_train', 'num_val': 'num_val',
                'num_test': 'num_test', 'num_modes': 'num_modes', 'seed': 'seed'}


def _flags(defaults):
    """Generator options as command-line flags: '--size 256, --seed 0'."""
    return ', '.join(f"--{opt.replace('_', '-')} {value}" for opt, value in defaults.items())


def parse_args(argv=None):
    listing = '\n'.join(f'  {name}: {spec.description}; options {_flags(spec.defaults)}'
                        for name, spec in sorted(BUILTIN_DATASETS.items()))
    parser = ToolArgumentParser(
        description=__doc__, epilog='built-in datasets:\n' + listing,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('name', help='built-in dataset to make')
    parser.add_argument('--root', help='output folder (default: data/NAME)')
    parser.add_argument('--size', type=positive_int, help='image side in pixels')
    parser.add_argument('--num-train', type=positive_int,
                        help='number of training pairs (per domain for unpaired data)')
    parser.add_argument('--num-val', type=non_negative_int, help='number of validation pairs')
    parser.add_argument('--num-test', type=non_negative_int,
                        help='number of test pairs (per domain for unpaired data)')
    parser.add_argument('--num-modes', type=positive_int,
                        help='number of colour modes of B (multimodal data)')
    parser.add_argument('--seed', type=int, help='random seed of the generator')
    parser.add_argument('--force', action='store_true',
                        help='replace the output folder if it exists')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if args.name not in BUILTIN_DATASETS:
        sys.exit(f'error: {args.name!r} is not a built-in dataset; available: '
                 f'{", ".join(sorted(BUILTIN_DATASETS))}')
    root = args.root or os.path.join('data', args.name)
    options = {opt: getattr(args, flag) for flag, opt in OPTION_FLAGS.items()
               if getattr(args, flag) is not None}
    defaults = BUILTIN_DATASETS[args.name].defaults
    unknown = [f"--{opt.replace('_', '-')}" for opt in options if opt not in defaults]
    if unknown:
        sys.exit(f'error: {args.name} has no {", ".join(unknown)} option; its options (and '
                 f'defaults) are: {_flags(defaults)}')
    start = time.perf_counter()
    try:
        counts = write_builtin(args.name, root, force=args.force, **options)
    except (FileExistsError, ValueError) as err:
        sys.exit(f'error: {err}')
    summary = ', '.join(f'{split} {count}' for split, count in counts.items())
    print(f'Wrote {sum(counts.values())} images of {args.name} to {os.path.abspath(root)} '
          f'({summary}) in {time.perf_counter() - start:.1f} s')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
