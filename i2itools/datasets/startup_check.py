"""Every file of a dataset checked before the first iteration, so that a bad file is found at the
start of a run, not when the sampler first draws it hours later.

Each file must exist, be non-empty and have a readable image header (see
:func:`~.image_facts.image_facts`); then the dataset's own loading code runs once for each
distinct combination of file sizes, channels and bit depths, on blank pixels of that size: what
it refuses (an image smaller than the crop, an aligned pair of odd width, channels that do not
fit the dataset's setting, another bit depth) is refused for every file of that kind, without
decoding any of them. ``check_images='decode'`` decodes every file as well (finding truncated
files, at the cost of reading all the data once); ``'none'`` checks nothing.

The dataset's ``on_bad_image`` policy then applies: 'error' stops, naming every bad file (up to
:data:`SHOWN`, then a count); 'skip' leaves them out with one warning saying how many.
"""
import os
import warnings

import numpy as np

from .bad_image_policy import SkippedImageWarning
from .image_facts import scan_image_files
from .image_folder import DatasetError
from .image_reader import StoredImage
from .sample_seeding import generators_kept

#: the values of a dataset's ``check_images`` argument
CHECK_LEVELS = ('header', 'decode', 'none')
#: bad files named in a message; the rest are counted
SHOWN = 10
#: the share of items that must have one size after the pipeline for the others to be odd
COMMON_SHARE = 0.9


class OddSizeWarning(UserWarning):
    """Items that the dataset's pipeline gives another size than nearly all others."""


def check_level(owner, level):
    """``level`` if it is one of :data:`CHECK_LEVELS`, else a :class:`DatasetError`."""
    if level not in CHECK_LEVELS:
        raise DatasetError(f"{owner} check_images={level!r} is not a level: use 'header' (every "
                           "file's header, the default), 'decode' (every file decoded) or "
                           "'none'.")
    return level


def usable_items(owner, items, load, level, policy):
    """The indices of ``items`` that can be used, after checking their files.

    Args:
        owner (str): the dataset's name, for messages.
        items (list[tuple[str, ...]]): the files of each item (one, or an A and a B file).
        load (callable): ``load(index, read)`` loads item ``index`` as the dataset does, reading
            its files with ``read(path) -> StoredImage``.
        level (str): one of :data:`CHECK_LEVELS`.
        policy (str): the dataset's ``on_bad_image``: 'error' raises a :class:`DatasetError`
            naming the bad files, 'skip' leaves them out with a :class:`SkippedImageWarning`.
    """
    if level == 'none' or not items:
        return list(range(len(items)))
    facts = scan_image_files(sorted({p for item in items for p in item}), level == 'decode',
                             owner)
    problems, sizes = _problems(owner, items, facts, load)
    kept = [i for i in range(len(items)) if i not in problems]
    _warn_of_odd_sizes(owner, items, {i: sizes[i] for i in kept})
    if not problems:
        return kept
    if len(problems) == 1 and (policy == 'error' or not kept):
        names, problem, message = next(iter(problems.values()))
        raise DatasetError(message or f"{owner}: '{names[0]}' {problem}: replace or remove it, or "
                           "set the dataset's on_bad_image='skip' to leave out files that cannot "
                           'be used.')
    folder = _shared_folder(items)
    count = f'{len(problems)} of {len(items)} {_noun(items)}'
    if policy == 'skip' and kept:
        warnings.warn(_listing(f"{owner}: left out {count} under '{folder}' that cannot be used "
                               "(on_bad_image='skip'):", folder, problems), SkippedImageWarning)
        return kept
    heading = (f"{owner}: {count} under '{folder}' cannot be used (every file is checked "
               'before training):' if kept else
               f"{owner}: none of its {len(items)} {_noun(items)} under '{folder}' can be used:")
    raise DatasetError(_listing(heading, folder, problems) + "\nFix or remove them, or set the "
                       "dataset's on_bad_image='skip' to leave them out with a warning.")


def _problems(owner, items, facts, load):
    """``({index: (files, problem, message)}, {index: size})``: the items that cannot be used,
    and the size (height, width) that the dataset's pipeline gives each of the others. A
    problem describes every item of its kind; ``message`` is the error of the first item of the
    kind as the dataset raised it (None for a file that could not be read at all)."""
    problems, sizes, verdicts = {}, {}, {}
    with generators_kept():  # the dataset's transforms draw random numbers
        for index, item in enumerate(items):
            bad = [(path, facts[path]) for path in item if isinstance(facts[path], str)]
            if bad:
                problems[index] = ((bad[0][0],), bad[0][1], None)
                continue
            kind = tuple(facts[path] for path in item)
            if kind not in verdicts:
                verdicts[kind] = _blank_load(owner, load, index, item, facts)
            problem, message, sizes[index] = verdicts[kind]
            if problem is not None:
                problems[index] = (item, problem, message)
    return problems, sizes


def _blank_load(owner, load, index, item, facts):
    """``(problem, message, size)``: what the dataset's loading says of ``item`` with blank
    pixels of its files' size, channels and depth, without and with the item's paths (None if
    it takes them), and the size of the first image it gives."""
    def blank(path):
        f = facts[path]
        dtype = np.uint16 if f.bits == 16 else np.uint8
        return StoredImage(np.zeros((f.height, f.width, f.channels), dtype), f.mode, path)

    try:
        loaded = load(index, blank)
    except DatasetError as error:
        return (_without_paths(str(error), owner, item),
                f"{error} Or set the dataset's on_bad_image='skip' to leave out files that "
                'cannot be used.', None)
    first = next(iter(loaded.values())) if isinstance(loaded, dict) else loaded
    return None, None, tuple(first.shape[-2:])


def _warn_of_odd_sizes(owner, items, sizes):
    """Warn of the items that the pipeline gives another size than nearly all others (at least
    :data:`COMMON_SHARE` of them share one size): they cannot be batched with the others, and
    a tiny one (a 1x2 image) fails in a network. Datasets of many sizes (photos to translate one
    by one) are left alone."""
    counts = {}
    for size in sizes.values():
        counts[size] = counts.get(size, 0) + 1
    common = max(counts, key=counts.get, default=None)
    odd = {i: size for i, size in sizes.items() if size != common}
    if not odd or counts[common] < COMMON_SHARE * len(sizes):
        return
    lines = [f'{owner}: after the pipeline, {len(odd)} of {len(sizes)} items are not '
             f'{common[1]}x{common[0]} like the others; a batch of several items, or a network '
             'that needs a minimum size, fails on them (add a Resize to the pipeline, or resize '
             'or remove the files):']
    lines += [f"  {' | '.join(items[i])}: {size[1]}x{size[0]}" for i, size in
              list(odd.items())[:SHOWN]]
    if len(odd) > SHOWN:
        lines.append(f'  ... and {len(odd) - SHOWN} more')
    warnings.warn('\n'.join(lines), OddSizeWarning)


def _without_paths(message, owner, item):
    """``message`` without the dataset's name and the item's paths, so that it describes every
    item of its kind alike."""
    message = message[len(owner) + 2:] if message.startswith(f'{owner}: ') else message
    for text in (' | '.join(item), *item):
        for quoted, plain in ((f"'{text}': ", ''), (f"'{text}', ", ''), (f"'{text}' ", ''),
                              (f"'{text}'", 'it')):
            message = message.replace(quoted, plain)
    return message


def _shared_folder(items):
    folder = os.path.commonpath([os.path.abspath(p) for item in items for p in item])
    return folder if os.path.isdir(folder) else os.path.dirname(folder)


def _listing(heading, folder, problems):
    """``heading``, then one line per bad item (up to :data:`SHOWN`), its files relative to
    ``folder``."""
    lines = [heading]
    for names, problem, _ in list(problems.values())[:SHOWN]:
        shown = ' | '.join(os.path.relpath(os.path.abspath(n), folder) for n in names)
        lines.append(f'  {shown}: {problem}')
    if len(problems) > SHOWN:
        lines.append(f'  ... and {len(problems) - SHOWN} more')
    return '\n'.join(lines)


def _noun(items):
    return 'files' if all(len(item) == 1 for item in items) else 'items'
