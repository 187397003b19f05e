"""Publish a checkpoint for inference: ``python tools/publish.py CKPT OUT``.

Keeps the generators and encoders, the config, the i2itools version and the training
iterations; drops discriminators and optimizer state. The file name gets the first 8 hex digits of
its sha256 (``OUT-1a2b3c4d.pth``), the OpenMMLab convention.
"""
import argparse
import os.path as osp

from i2itools.apis.publishing import publish_checkpoint


def main(argv=None):
    parser = argparse.ArgumentParser(description='Write a small inference file of a checkpoint.')
    parser.add_argument('checkpoint', help='an i2itools training checkpoint (iter_*.pth)')
    parser.add_argument('out', help='output file; -<sha256 prefix>.pth is added to its stem')
    args = parser.parse_args(argv)
    path = publish_checkpoint(args.checkpoint, args.out)
    size = osp.getsize(path) / 2 ** 20
    print(f'published {path} ({size:.2f} MiB, from {osp.getsize(args.checkpoint) / 2 ** 20:.2f} '
          'MiB)')


if __name__ == '__main__':
    main()
