"""Print the fully merged config (all ``_base_`` files and overrides), or with ``--objective``
the objective its model optimises: ``tools/print_config.py CONFIG [--objective]``."""

from i2itools.engine.config_loading import DictAction, load_config
from i2itools.utils.cli_options import ToolArgumentParser


def main(argv=None):
    parser = ToolArgumentParser(description=__doc__)
    parser.add_argument('config')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE')
    parser.add_argument('--objective', action='store_true',
                        help="build the model (on the CPU) and print its objective: each step's "
                        'weighted terms and the nets each term trains')
    parser.add_argument('--plugins', nargs='+', default=[], metavar='PATH',
                        help='plugin .py files or folders of them to import')
    args = parser.parse_args(argv)
    cfg = load_config(args.config, args.cfg_options, plugins=args.plugins)
    if not args.objective:
        print(cfg.pretty_text)
        return
    from i2itools.apis import build_model
    print(build_model(cfg, 'cpu').objective())


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
