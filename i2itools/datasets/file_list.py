"""Read a list of image paths, one item a line, from a CSV or text file; errors name file:line.

A ``.csv`` file is read with Python's ``csv`` module (commas; quote paths that hold commas);
any other file is plain text, whose columns are separated by tabs, or, on a line without a tab,
by spaces. Blank lines and lines starting with ``#`` are skipped. Relative paths are relative
to ``root``.
"""
import csv
import os

from .image_folder import DatasetError
from .stem_matching import SHOWN


def _count(number, noun):
    return f'{number} {noun}' + 's' * (number != 1)


def _rows(list_file):
    """(line number, [column, ...]) for each line that holds data."""
    with open(list_file, newline='', encoding='utf-8') as f:
        lines = list(enumerate(f, start=1))
    if list_file.lower().endswith('.csv'):
        rows = zip((n for n, _ in lines), csv.reader(line for _, line in lines))
    else:
        rows = ((n, line.rstrip('\r\n').split('\t') if '\t' in line else line.split())
                for n, line in lines)
    for number, columns in rows:
        columns = [c.strip() for c in columns]
        if any(columns) and not columns[0].startswith('#'):
            yield number, columns


def read_file_list(list_file, root, names=None):
    """The paths of ``list_file``: one tuple per line, its columns joined to ``root``.

    ``names`` names the columns every line must hold, e.g. ('A', 'B') or ('B',); None takes
    them from the first line: ('A',) for 1 column, ('A', 'B') for 2. Raises
    :class:`DatasetError` naming file:line for a line of another column count or an empty path,
    and listing the missing files (how many, the first ones with their lines).
    """
    if not os.path.isfile(list_file):
        raise DatasetError(f"File list '{list_file}' does not exist (list_file of the dataset).")
    rows = list(_rows(list_file))
    if not rows:
        raise DatasetError(f"File list '{list_file}' lists no image (blank and # lines are "
                           'skipped).')
    names = names or {1: ('A',), 2: ('A', 'B')}.get(len(rows[0][1]), ('A', 'B'))
    items, missing = [], []
    for number, columns in rows:
        where = f'{list_file}:{number}'
        if len(columns) != len(names) or not all(columns):
            raise DatasetError(
                f'{where}: {_count(len(columns), "column")} {columns}, where every line must '
                f'hold {_count(len(names), "path")} ({", ".join(names)}). Fix that line (in a '
                'text list, separate paths that hold spaces with tabs, or use a .csv list).')
        paths = tuple(os.path.join(root, c) for c in columns)
        missing += [(where, name, p) for name, p in zip(names, paths) if not os.path.isfile(p)]
        items.append(paths)
    if missing:
        shown = '; '.join(f"{where}: {name + ' file ' if len(names) > 1 else ''}'{path}'"
                          for where, name, path in missing[:SHOWN])
        more = ' ...' if len(missing) > SHOWN else ''
        raise DatasetError(f"{_count(len(missing), 'file')} listed in '{list_file}' "
                           f"{'do' if len(missing) > 1 else 'does'} not exist (paths are "
                           f"relative to '{root}'): {shown}{more}. Fix the paths or data_root, "
                           'or remove those lines.')
    return items
