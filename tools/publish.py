"""Publish a checkpoint for inference: ``python tools/publish.py CKPT OUT``.

Keeps the generators and encoders, the config, the i2itools version and the training
iterations; drops discriminators and optimizer state. The file name gets the first 8 hex digits of
its sha256 (``OUT-1a2b3c4d.pth``), the OpenMMLab convention.
"""
import os.path as osp

from i2itools.apis.publishing import publish_checkpoint
from i2itools.utils.cli_options import ToolArgumentParser
from i2itools.utils.writable_folder import check_writable_folder


def main(argv=None):
    parser = ToolArgumentParser(description='Write a small inference file of a checkpoint.')
    parser.add_argument('checkpoint', help='an i2itools training checkpoint (iter_*.pth)')
    parser.add_argument('out', help='output file; -<sha256 prefix>.pth is added to its stem')
    args = parser.parse_args(argv)
    check_writable_folder(osp.dirname(osp.abspath(args.out)), 'OUT')
    path = publish_checkpoint(args.checkpoint, args.out)
    size = osp.getsize(path) / 2 ** 20
    print(f'published {path} ({size:.2f} MiB, from {osp.getsize(args.checkpoint) / 2 ** 20:.2f} '
          'MiB)')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
