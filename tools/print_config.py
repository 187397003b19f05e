"""Print the fully merged config (all ``_base_`` files and overrides): ``tools/print_config.py CONFIG``."""
import argparse

from i2itools.engine.config_loading import DictAction, load_config


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('config')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE')
    args = parser.parse_args()
    print(load_config(args.config, args.cfg_options).pretty_text)


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
