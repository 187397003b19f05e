"""Pair the images of two folders by name without extension: ``0001.png`` with ``0001.tif``.

Real paired data often arrives as two folders (inputs, targets) whose files share names but not
always formats, with a few strays on either side. :func:`match_by_stem` pairs what it can;
:func:`report_unmatched` stops on the strays (policy 'error') or warns with their count and
first names ('skip').
"""
import os
import warnings
from dataclasses import dataclass

from .image_folder import DatasetError

#: what to do with files that have no partner of the same name: stop, or leave them out
UNMATCHED_POLICIES = ('error', 'skip')
#: how many names of unmatched files a message shows
SHOWN = 5


class UnmatchedFilesWarning(UserWarning):
    """Files without a partner of the same name were left out (unmatched='skip')."""


@dataclass
class StemMatch:
    """The outcome of :func:`match_by_stem`.

    ``pairs`` are (a_path, b_path) sorted by stem; ``only_a`` and ``only_b`` the files without a
    partner; ``a_count`` and ``b_count`` how many files each folder held.
    """
    pairs: list
    only_a: list
    only_b: list
    a_count: int
    b_count: int


def stem(path, folder):
    """``path`` relative to ``folder``, without its extension: 'sub/0001' for sub/0001.png."""
    return os.path.splitext(os.path.relpath(path, folder))[0]


def _by_stem(paths, folder):
    found = {}
    for path in paths:
        key = stem(path, folder)
        if key in found:
            raise DatasetError(
                f"'{found[key]}' and '{path}' have the same name without extension, so neither "
                'can be matched to one partner: rename or remove one of them.')
        found[key] = path
    return found


def match_by_stem(a_paths, a_folder, b_paths, b_folder):
    """Pair the files of ``a_paths`` (under ``a_folder``) and ``b_paths`` whose paths relative to
    their folder are equal without the extension; two files of one stem in a folder raise a
    :class:`DatasetError`."""
    a, b = _by_stem(a_paths, a_folder), _by_stem(b_paths, b_folder)
    return StemMatch(pairs=[(a[k], b[k]) for k in sorted(a.keys() & b.keys())],
                     only_a=sorted(a[k] for k in a.keys() - b.keys()),
                     only_b=sorted(b[k] for k in b.keys() - a.keys()),
                     a_count=len(a), b_count=len(b))


def _names(paths):
    more = f', ... ({len(paths) - SHOWN} more)' if len(paths) > SHOWN else ''
    return ', '.join(f"'{p}'" for p in paths[:SHOWN]) + more


def describe_unmatched(match):
    """'2 of 5 A files have no B file of the same name (first: ...); ...', or '' if none."""
    parts = [f'{len(only)} of {count} {side} files have no {other} file of the same name '
             f'({_names(only)})'
             for only, count, side, other in ((match.only_a, match.a_count, 'A', 'B'),
                                              (match.only_b, match.b_count, 'B', 'A')) if only]
    return '; '.join(parts)


def report_unmatched(match, policy, owner, skip_hint):
    """Raise a :class:`DatasetError` about the unmatched files of ``match`` (policy 'error') or
    warn about them ('skip'); nothing when every file has a partner, or no pair at all.

    ``owner`` starts the message (who matched), ``skip_hint`` says how to choose 'skip'
    (e.g. "set unmatched='skip'").
    """
    if policy not in UNMATCHED_POLICIES:
        raise DatasetError(f"{owner} unmatched={policy!r} is not a policy: use 'error' (stop, "
                           "naming the files) or 'skip' (leave them out with a warning).")
    unmatched = describe_unmatched(match)
    if not match.pairs:
        raise DatasetError(f'{owner}: no A and B files share a name (without extension), so '
                           f'there is no pair: {unmatched}. Pairs are matched by the path '
                           'inside their folder without the extension (sub/0001.png with '
                           'sub/0001.tif).')
    if not unmatched:
        return
    if policy == 'error':
        raise DatasetError(f'{owner}: {unmatched}. Pairs are matched by the path inside their '
                           'folder without the extension; rename or remove these files, or '
                           f'{skip_hint} to use the {len(match.pairs)} matched pairs only.')
    warnings.warn(f'{owner}: {unmatched}; left out (unmatched=skip), using the '
                  f'{len(match.pairs)} matched pairs.', UnmatchedFilesWarning)
