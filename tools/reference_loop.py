"""Train a config the reference way: ``python tools/reference_loop.py CONFIG --work-dir DIR
--n-epochs N --n-epochs-decay M [--seed S]``.

A plain PyTorch loop written like the reference repositories' ``train.py`` and
``optimize_parameters`` (pix2pix, CycleGAN, BicycleGAN; chosen by the config's nets), over
i2itools' networks, losses and the config's training data: a shuffled torch DataLoader, the
reference's per-epoch linear lr rule and stepping point, its update order and random draws, no
flushing of denormal floats. Writes ``latest_net_<name>.pth`` (the reference's checkpoint
format, which ``tools/test.py CONFIG DIR`` reads), ``run.json`` and ``reference_loop.log``.
``--step i2itools`` runs the model's own ``train_step`` in the same loop. docs/results.md
compares it with ``tools/train.py`` over seeds (``tools/reference_study.py``).
"""
import argparse

from i2itools.apis.reference_loop import train_reference_loop
from i2itools.engine.config_loading import DictAction, load_config


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Train a config with a loop written like the '
                                     "reference's train.py (for comparison with tools/train.py).")
    parser.add_argument('config', help='a pix2pix, CycleGAN or BicycleGAN config')
    parser.add_argument('--work-dir', required=True, help='where the weights and log go')
    parser.add_argument('--n-epochs', type=int, required=True,
                        help='epochs at the initial lr (reference --n_epochs / --niter)')
    parser.add_argument('--n-epochs-decay', type=int, required=True,
                        help='epochs of linear decay (reference --n_epochs_decay / --niter_decay)')
    parser.add_argument('--seed', type=int, default=0, help='seed of Python, numpy and torch')
    parser.add_argument('--num-workers', type=int, help='data loader workers (default: the '
                        "config's train_dataloader.num_workers)")
    parser.add_argument('--device', default='cpu', help='cpu or cuda (default: cpu)')
    parser.add_argument('--log-interval', type=int, default=100, help='iterations between log '
                        'lines')
    parser.add_argument('--step', choices=('reference', 'i2itools'), default='reference',
                        help="the reference's optimize_parameters (default) or i2itools' own "
                        'train_step inside the same loop, to tell the step from the loop')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE',
                        help='override config entries, e.g. train_dataloader.dataset.max_size=100')
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cfg = load_config(args.config, args.cfg_options)
    record = train_reference_loop(cfg, args.work_dir, args.seed, args.n_epochs,
                                  args.n_epochs_decay, args.num_workers, args.device,
                                  args.log_interval, args.step)
    print(f"{record['iterations']} iterations in {record['seconds']:.0f} s; weights in "
          f'{args.work_dir}/latest_net_<name>.pth')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
