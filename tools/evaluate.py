"""Score a checkpoint by a paper's protocol: ``python tools/evaluate.py PROTOCOL CHECKPOINT``.

PROTOCOL is a name of ``configs/eval/`` (``bicycle_diversity``, ``unpaired_fid``) or a path to
such a file. Prints one line per number, ``PROTOCOL KEY VALUE``, ready for a results table; the
translated test images go to ``--out`` (default: beside the checkpoint). See docs/metrics.md,
"Comparing with papers".
"""
import os
import os.path as osp
import sys


from i2itools.apis import run_test
from i2itools.apis.model_loading import config_stored_in
from i2itools.engine.checkpoint_files import read_checkpoint
from i2itools.engine.config_loading import DictAction, load_config
from i2itools.engine.cpu_settings import apply_cpu_settings
from i2itools.evaluation.functional.inception_features import INCEPTIONS
from i2itools.evaluation.protocols import apply_protocol, load_protocol, set_metric_arguments
from i2itools.plugins import load_plugins
from i2itools.utils.cli_options import ToolArgumentParser, device_name

PROTOCOLS = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))), 'configs', 'eval')


def parse_args(argv=None):
    parser = ToolArgumentParser(description='Score a checkpoint by a paper\'s evaluation '
                                'protocol; one line per number.')
    parser.add_argument('protocol', help='a protocol of configs/eval/ (e.g. unpaired_fid) or the '
                        'path of a protocol file')
    parser.add_argument('checkpoint', help='i2itools checkpoint (its config is stored in it), or '
                        'a reference checkpoint with --config')
    parser.add_argument('--config', help='the training config, instead of the one stored in the '
                        'checkpoint')
    parser.add_argument('--inception', choices=sorted(INCEPTIONS), help='Inception variant of '
                        'the FID/KID metrics (default: the protocol\'s)')
    parser.add_argument('--inception-weights', metavar='PATH', help='the Inception weights file '
                        '(default: the protocol\'s path under weights/)')
    parser.add_argument('--backbone-weights', metavar='PATH', help='the LPIPS backbone file, e.g. '
                        'alexnet-owt-7be5be79.pth (default: the protocol\'s path under weights/)')
    parser.add_argument('--out', help='folder of the test images (default: beside the '
                        'checkpoint, eval_<protocol>_<checkpoint name>)')
    parser.add_argument('--seed', type=int, default=0, help='seed of the latent codes and dropout')
    parser.add_argument('--device', type=device_name,
                        help='cpu, cuda or cuda:N (default: cuda when available)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE',
                        help='override entries of the training config')
    parser.add_argument('--plugins', nargs='+', default=[], metavar='PATH',
                        help='plugin files or folders, besides those the config records')
    return parser.parse_args(argv)


def protocol_path(protocol):
    """A protocol file: the path given, or ``configs/eval/<name>.py``."""
    if protocol.endswith('.py'):
        return protocol
    path = osp.join(PROTOCOLS, f'{protocol}.py')
    if not osp.isfile(path):
        known = sorted(osp.splitext(n)[0] for n in os.listdir(PROTOCOLS) if n.endswith('.py'))
        raise FileNotFoundError(f'no protocol {protocol!r}; known: {", ".join(known)}, or give '
                                'the path of a protocol file')
    return path


def training_config(args):
    """The config to evaluate: ``--config``, or the one the checkpoint stores."""
    if args.config:
        return load_config(args.config, args.cfg_options, plugins=args.plugins,
                           checkpoint=args.checkpoint)
    state = None if osp.isdir(args.checkpoint) else read_checkpoint(args.checkpoint)
    cfg = config_stored_in(state, args.checkpoint)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    load_plugins(cfg, args.plugins, args.checkpoint)
    return cfg


def main(argv=None):
    evaluate(parse_args(argv))


def evaluate(args):
    """Apply the protocol to the checkpoint's config, run the test split, print the numbers."""
    path = protocol_path(args.protocol)
    name = osp.splitext(osp.basename(path))[0]
    protocol = load_protocol(path)
    overrides = dict(inception=args.inception, inception_weights=args.inception_weights,
                     backbone_weights=args.backbone_weights)
    protocol.metrics = set_metric_arguments(
        protocol.metrics, **{k: v for k, v in overrides.items() if v is not None})
    cfg = apply_protocol(training_config(args), protocol)
    apply_cpu_settings(cfg)
    out = args.out or osp.join(osp.dirname(osp.abspath(args.checkpoint)),
                               f'eval_{name}_' + osp.splitext(osp.basename(args.checkpoint))[0])
    summary = run_test(cfg, args.checkpoint, out, num_test=protocol.num_inputs, seed=args.seed,
                       device=args.device)
    if summary['untrained']:
        sys.exit(f"{', '.join(summary['untrained'])} got no weights from {args.checkpoint}: the "
                 'numbers would score untrained nets; pass a checkpoint that has them')
    for key, value in summary['metrics'].items():
        print(f'{name} {key} {value:.4f}')
    print(f"{summary['images']} test inputs in {summary['mode']} mode; images: {out}",
          file=sys.stderr)


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
