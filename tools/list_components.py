"""List every registered i2itools part by kind: ``python tools/list_components.py [--kind KIND]``."""
import argparse
import importlib
import inspect

from rich.console import Console
from rich.table import Table

from i2itools.registry import ALL_REGISTRIES

#: sub-packages of i2itools.models, shown as the kind of the parts they hold
MODEL_KINDS = {
    'generators': 'generator', 'discriminators': 'discriminator', 'encoders': 'encoder',
    'injection': 'z injection', 'losses': 'loss',
    'branches': 'branch', 'translator': 'model', 'data_preprocessor': 'data preprocessor',
    'image_pool': 'image pool',
}


def components():
    """Rows of (kind, name, module, summary) for every part registered in scope i2itools."""
    rows = []
    for registry_kind, registry in ALL_REGISTRIES.items():
        registry.import_from_location()
        for name, obj in sorted(registry.module_dict.items()):
            rows.append((_kind(registry_kind, obj), name, obj.__module__, _summary(obj)))
    return sorted(rows)


def _kind(registry_kind, obj):
    if registry_kind != 'model':
        return registry_kind
    parts = obj.__module__.split('.')
    return next((MODEL_KINDS[p] for p in parts[2:3] if p in MODEL_KINDS), 'model part')


def _summary(obj):
    doc = inspect.getdoc(obj) or ''
    return doc.splitlines()[0] if doc else ''


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--kind', help='show only this kind (e.g. generator, loss, dataset)')
    parser.add_argument('--imports', nargs='+', default=[],
                        help='modules to import first (your own registered parts)')
    args = parser.parse_args()
    for module in args.imports:
        importlib.import_module(module)
    table = Table(title='i2itools components (use the name as `type` in a config)')
    for column in ('kind', 'name', 'module', 'summary'):
        table.add_column(column)
    for kind, name, module, summary in components():
        if args.kind is None or kind == args.kind:
            table.add_row(kind, name, module, summary)
    Console().print(table)


if __name__ == '__main__':
    main()
