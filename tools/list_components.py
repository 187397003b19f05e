"""List every registered i2itools part by kind: ``python tools/list_components.py [--kind KIND]``.

The source column tells the package's parts ('i2itools') from those of plugins ('plugin: FILE').
"""
import inspect

from rich.console import Console
from rich.table import Table

from i2itools.plugins import component_source, import_custom_modules, import_plugins
from i2itools.registry import ALL_REGISTRIES
from i2itools.utils.cli_options import ToolArgumentParser

#: sub-packages of i2itools.models, shown as the kind of the parts they hold
MODEL_KINDS = {
    'generators': 'generator', 'discriminators': 'discriminator', 'encoders': 'encoder',
    'injection': 'z injection', 'losses': 'loss', 'heads': 'head', 'layers': 'layer',
    'branches': 'branch', 'translator': 'model', 'data_preprocessor': 'data preprocessor',
    'image_pool': 'image pool',
}
#: name endings that give the kind of a plugin's model part with no i2itools base class
PLUGIN_SUFFIXES = {
    'Generator': 'generator', 'Discriminator': 'discriminator', 'Encoder': 'encoder',
    'Injection': 'z injection', 'Loss': 'loss', 'Branch': 'branch',
}


def components():
    """Rows of (kind, name, module, source, summary) for every part registered in scope i2itools."""
    rows = []
    for registry_kind, registry in ALL_REGISTRIES.items():
        registry.import_from_location()
        for name, obj in sorted(registry.module_dict.items()):
            rows.append((_kind(registry_kind, obj), name, obj.__module__, component_source(obj),
                         _summary(obj)))
    return sorted(rows)


def _kind(registry_kind, obj):
    if registry_kind != 'model':
        return registry_kind
    # a plugin's part takes the kind of the first i2itools class it derives from (a loss from
    # PixelLoss), else of the built-in kind its name ends with (...Injection, ...Generator)
    for cls in getattr(obj, '__mro__', (obj,)):
        parts = cls.__module__.split('.')
        if parts[0] == 'i2itools':
            return next((MODEL_KINDS[p] for p in parts[2:3] if p in MODEL_KINDS), 'model part')
    return next((kind for suffix, kind in PLUGIN_SUFFIXES.items()
                 if obj.__name__.endswith(suffix)), 'model part')


def _summary(obj):
    doc = inspect.getdoc(obj) or ''
    return doc.splitlines()[0] if doc else ''


def main(argv=None):
    parser = ToolArgumentParser(description=__doc__)
    parser.add_argument('--kind', help='show only this kind (e.g. generator, loss, dataset)')
    parser.add_argument('--imports', nargs='+', default=[],
                        help='modules to import first (your own registered parts)')
    parser.add_argument('--plugins', nargs='+', default=[], metavar='PATH',
                        help='plugin .py files or folders of them to import first')
    args = parser.parse_args(argv)
    import_custom_modules(dict(imports=args.imports), '--imports')
    import_plugins(args.plugins)
    table = Table(title='i2itools components (use the name as `type` in a config)')
    for column in ('kind', 'name', 'module', 'source', 'summary'):
        table.add_column(column)
    for kind, name, module, source, summary in components():
        if args.kind is None or kind == args.kind:
            table.add_row(kind, name, module, source, summary)
    Console().print(table)


if __name__ == '__main__':
    from i2itools.utils.cli_errors import run_cli
    run_cli(main)
