"""Train a translation model: ``python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT]]``.

Everything the run is given (config, settings, the checkpoint to resume or start from, the work
dir) is checked before anything is written: a refused run leaves the work dir as it was.
"""
import argparse
import os.path as osp
import shlex
import sys

import torch

from i2itools.apis.checkpoint_fit import check_checkpoint_fits
from i2itools.apis.model_building import build_model_shapes
from i2itools.engine.checkpoint_files import newest_complete_checkpoint
from i2itools.engine.config_loading import DictAction, load_config
from i2itools.engine.cpu_settings import apply_cpu_settings
from i2itools.engine.distributed import LAUNCHERS, init_distributed
from i2itools.engine.fast_path import apply_fast_path
from i2itools.engine.mixed_precision import enable_mixed_precision
from i2itools.engine.quiet_console import QuietConsoleRunner
from i2itools.engine.run_folder import OwnRunFolderRunner
from i2itools.engine.training_stopped import TrainingStopped
from i2itools.utils.cli_options import ToolArgumentParser, positive_int
from i2itools.utils.writable_folder import check_writable_folder


#: default hooks that mmengine itself adds unless the config sets them to None
MMENGINE_DEFAULT_HOOKS = ('runtime_info', 'timer', 'sampler_seed', 'logger', 'param_scheduler',
                          'checkpoint')


def parse_args(argv=None):
    parser = ToolArgumentParser(description='Train an i2itools model from a config file.')
    parser.add_argument('config', help='config file, e.g. configs/pix2pix/synth_facades.py')
    parser.add_argument('--work-dir', help='where logs, checkpoints and samples go '
                        '(default: work_dirs/<config name>)')
    parser.add_argument('--resume', nargs='?', const='auto', metavar='CKPT',
                        help='resume from CKPT, or with no value from the newest complete '
                        'checkpoint in the work dir')
    parser.add_argument('--load-from', metavar='CKPT', help='start from the weights of CKPT (a '
                        'checkpoint or published file of the same architecture; nets it lacks '
                        'keep their initial weights); iterations, optimizers and schedules start '
                        'anew')
    parser.add_argument('--amp', action='store_true',
                        help='bfloat16 mixed precision for every optimizer wrapper')
    parser.add_argument('--fast', action='store_true',
                        help='the fast path: bfloat16 where the device computes it natively, '
                        'fused optimizers, ...; not the same numbers bit for bit: '
                        'docs/performance.md has its speed and quality as measured (equal '
                        'within the seed spread for pix2pix and BicycleGAN)')
    parser.add_argument('--threads', type=positive_int, metavar='N',
                        help='intra-op CPU threads (default: one per core); with runs side by '
                        'side, cores / runs each')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE',
                        help='override config entries, e.g. train_cfg.max_iters=20')
    parser.add_argument('--plugins', nargs='+', default=[], metavar='PATH',
                        help='plugin .py files or folders of them to import (recorded in the '
                        'config the run saves)')
    parser.add_argument('--verbose', action='store_true',
                        help='print mmengine\'s environment, config and hook dump on the console '
                        'too (it always goes to the log file)')
    parser.add_argument('--launcher', choices=LAUNCHERS, default='none',
                        help='job launcher for distributed training')
    parser.add_argument('--local-rank', '--local_rank', type=int, default=0,
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.resume and args.load_from:
        parser.error('--resume continues a run, --load-from starts one from its weights: give '
                     'one of them')
    return args


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options, plugins=args.plugins)
    cfg.launcher = args.launcher
    cfg.work_dir = args.work_dir or cfg.get('work_dir') or osp.join(
        'work_dirs', osp.splitext(osp.basename(args.config))[0])
    # mmengine accepts None only for its own default hooks; drop ours that a config switched off
    cfg.default_hooks = {k: v for k, v in cfg.get('default_hooks', {}).items()
                         if v is not None or k in MMENGINE_DEFAULT_HOOKS}
    if args.amp:
        enable_mixed_precision(cfg)
    if args.load_from:
        cfg.load_from = args.load_from
    if args.fast:
        cfg.fast = True
    if args.threads is not None:
        cfg.threads = args.threads
    apply_fast_path(cfg, 'cuda' if torch.cuda.is_available() else 'cpu')
    if args.resume:
        cfg.resume = True
        cfg.load_from = checkpoint_to_resume(args.resume, cfg.work_dir)
    model = build_model_shapes(cfg)  # a part that does not build is named now, not in the Runner
    if cfg.get('load_from'):
        option = ('--resume' if args.resume else '--load-from' if args.load_from else
                  'load_from (of the config)')
        check_checkpoint_fits(cfg, cfg.load_from, option, resume=bool(cfg.get('resume')),
                              model=model)
    check_writable_folder(cfg.work_dir, '--work-dir', label='work dir')
    apply_cpu_settings(cfg)
    init_distributed(cfg, args.launcher)
    try:
        runner_class = OwnRunFolderRunner if args.verbose else QuietConsoleRunner
        runner_class.from_cfg(cfg).train()
    except TrainingStopped as stop:
        print(f'{stop}\nResume with: {resume_command(args, cfg.work_dir)}', file=sys.stderr)
        sys.exit(stop.exit_code)
    except KeyboardInterrupt:
        print('stopped at once, without saving; resume from the last complete checkpoint with: '
              f'{resume_command(args, cfg.work_dir)}', file=sys.stderr)
        sys.exit(130)


def checkpoint_to_resume(resume, work_dir):
    """The checkpoint ``--resume`` means: the given one, or the newest complete one of the work
    dir (newer ones that do not load are skipped with a warning)."""
    if resume != 'auto':
        return resume
    path, skipped = newest_complete_checkpoint(work_dir)
    for bad, reason in skipped:
        print(f'warning: --resume skips {bad}, which {reason}', file=sys.stderr)
    if path is None:
        raise FileNotFoundError(
            f'--resume: no complete checkpoint in {work_dir} to resume from. Start without '
            '--resume, or check --work-dir, or pass --resume PATH with a checkpoint of the run')
    return path


def resume_command(args, work_dir):
    """The command that continues this run."""
    others = (' (with your other options)' if args.cfg_options or args.plugins or args.amp
              or args.fast or args.threads else '')
    return (f'python {shlex.quote(sys.argv[0])} {shlex.quote(args.config)} '
            f'--work-dir {shlex.quote(work_dir)} --resume{others}')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
