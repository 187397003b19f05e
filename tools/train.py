"""Train a translation model: ``python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT]]``."""
import argparse
import os.path as osp

from mmengine.runner import Runner

from i2itools.engine.config_loading import DictAction, load_config
from i2itools.engine.cpu_settings import apply_cpu_settings
from i2itools.engine.distributed import LAUNCHERS, init_distributed
from i2itools.engine.mixed_precision import enable_mixed_precision


#: default hooks that mmengine itself adds unless the config sets them to None
MMENGINE_DEFAULT_HOOKS = ('runtime_info', 'timer', 'sampler_seed', 'logger', 'param_scheduler',
                          'checkpoint')


def parse_args():
    parser = argparse.ArgumentParser(description='Train an i2itools model from a config file.')
    parser.add_argument('config', help='config file, e.g. configs/pix2pix/synth_facades.py')
    parser.add_argument('--work-dir', help='where logs, checkpoints and samples go '
                        '(default: work_dirs/<config name>)')
    parser.add_argument('--resume', nargs='?', const='auto', metavar='CKPT',
                        help='resume from CKPT, or with no value from the newest checkpoint '
                        'in the work dir')
    parser.add_argument('--amp', action='store_true',
                        help='bfloat16 mixed precision for every optimizer wrapper')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE',
                        help='override config entries, e.g. train_cfg.max_iters=20')
    parser.add_argument('--plugins', nargs='+', default=[], metavar='PATH',
                        help='plugin .py files or folders of them to import (recorded in the '
                        'config the run saves)')
    parser.add_argument('--launcher', choices=LAUNCHERS, default='none',
                        help='job launcher for distributed training')
    parser.add_argument('--local-rank', '--local_rank', type=int, default=0,
                        help=argparse.SUPPRESS)
    return parser.parse_args()


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options, plugins=args.plugins)
    cfg.launcher = args.launcher
    cfg.work_dir = args.work_dir or cfg.get('work_dir') or osp.join(
        'work_dirs', osp.splitext(osp.basename(args.config))[0])
    # mmengine accepts None only for its own default hooks; drop ours that a config switched off
    cfg.default_hooks = {k: v for k, v in cfg.get('default_hooks', {}).items()
                         if v is not None or k in MMENGINE_DEFAULT_HOOKS}
    if args.amp:
        enable_mixed_precision(cfg)
    if args.resume:
        cfg.resume = True
        cfg.load_from = None if args.resume == 'auto' else args.resume
    apply_cpu_settings(cfg)
    init_distributed(cfg, args.launcher)
    Runner.from_cfg(cfg).train()


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
