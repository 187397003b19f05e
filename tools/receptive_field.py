"""Print the receptive field of each discriminator of a config:
``python tools/receptive_field.py CONFIG [CONFIG ...] [--size PX]``.

The field is computed from the built net's conv / pool layers (kernel, stride, dilation), so it
is the field of the net as configured, e.g. 70 x 70 px for the default 3-layer PatchGAN. The
number of outputs shows what the field means at the image size: a field as wide as the image
judges the whole image at once.
"""
import sys

from mmengine.registry import init_default_scope

from i2itools.apis.benchmarking import crop_size
from i2itools.apis.receptive_field import receptive_field, traced_layers
from i2itools.engine.config_loading import DictAction, load_config
from i2itools.registry import MODELS
from i2itools.utils.cli_options import ToolArgumentParser, positive_int


def discriminator_names(model_cfg):
    """The nets that the config's adversarial terms name, in order, each once."""
    terms = [t for t in (model_cfg.get('adversarial') or {}).values() if t is not None]
    return list(dict.fromkeys(t['discriminator'] for t in terms))


def describe(config, size=None, cfg_options=None):
    """One line per discriminator of ``config``: its receptive field and outputs at ``size`` px
    (default: the config's training image size)."""
    cfg = load_config(config, cfg_options)
    init_default_scope(cfg.get('default_scope', 'i2itools'))
    size = size or crop_size(cfg)
    names = discriminator_names(cfg.model)
    if not names:
        return [f'{config}: no discriminator (no adversarial term in model.adversarial)']
    lines = []
    for name in names:
        net = MODELS.build(cfg.model.nets[name])
        layers, outputs = traced_layers(net, size, f'{config}: net {name}')
        height, width = receptive_field(layers)
        lines.append(f'{config}: {name} ({type(net).__name__}) receptive field {height} x '
                     f'{width} px; at {size} x {size} px input, {outputs[0]} x {outputs[1]} '
                     'outputs')
    return lines


def main(argv=None):
    parser = ToolArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='+', help='config files')
    parser.add_argument('--size', type=positive_int, help='input size in px (default: the '
                        'training image size of each config)')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, metavar='KEY=VALUE')
    args = parser.parse_args(argv)
    for config in args.configs:
        try:
            print('\n'.join(describe(config, args.size, args.cfg_options)))
        except ValueError as error:  # a net that is too deep for the size, or not one chain
            sys.exit(f'error: {error}')


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
