"""What a dataset needs to know of each image file before training: its size, channels and bit
depth, or why it cannot be used. Read from the header alone (fast) or by decoding the file, in
parallel for large sets, and cached by file size and modification time.

The cache lives under ``$I2ITOOLS_CACHE`` (default ``~/.cache/i2itools``) in
``image_facts/<hash of the folder>.json`` and is used for sets of at least
:data:`CACHE_FROM` files, where it saves time; smaller sets are checked in well under a second.
"""
import hashlib
import json
import multiprocessing
import os
import stat
import sys
import time
from dataclasses import dataclass

from mmengine.logging import print_log
from PIL import Image, UnidentifiedImageError
from rich.progress import Progress

from i2itools.utils.atomic_write import atomic_path

from .image_folder import UnreadableImageError, reading
from .image_reader import expanded_channels, more_than_8_bits, read_stored

#: files from which the facts are read by several processes
PARALLEL_FROM = 1000
#: files from which a progress bar shows (on a terminal) and the time taken is logged
PROGRESS_FROM = 2000
#: files from which the facts are cached
CACHE_FROM = 500
#: files each worker process reads at a time
CHUNK = 64
#: where the cache lives, unless ``$I2ITOOLS_CACHE`` says otherwise
DEFAULT_CACHE = os.path.join('~', '.cache', 'i2itools')


@dataclass(frozen=True)
class ImageFacts:
    """An image file's width and height, its channels as a dataset reads them (8-bit palette,
    1-bit and CMYK files expanded as :func:`read_stored` does), bit depth and PIL mode."""
    width: int
    height: int
    channels: int
    bits: int
    mode: str


def image_facts(path, decode=False):
    """The :class:`ImageFacts` of ``path``, or a text saying why it cannot be used ('is empty
    (0 bytes)'). With ``decode`` the whole file is decoded, as training reads it (a truncated
    file is found then); else only its header is read."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return 'is a link to a missing file' if os.path.islink(path) else 'does not exist'
    except OSError as error:
        return f'cannot be read ({error.strerror})'
    if stat.S_ISDIR(info.st_mode):
        return 'is a folder, not an image file'
    if info.st_size == 0:
        return 'is empty (0 bytes)'
    try:
        if decode:
            stored = read_stored(path)
            height, width, channels = stored.pixels.shape
            return ImageFacts(width, height, channels, stored.bits, stored.mode)
        with reading(path), Image.open(path) as img:
            bits = 16 if more_than_8_bits(img) else 8
            return ImageFacts(img.width, img.height, expanded_channels(img, bits), bits, img.mode)
    except UnreadableImageError as error:
        if isinstance(error.__cause__, UnidentifiedImageError):
            return 'is not an image (no image format recognises its contents)'
        return f'cannot be read as an image ({error.reason})'


def scan_image_files(paths, decode=False, owner='dataset'):
    """``{path: ImageFacts or reason}`` for ``paths``: see :func:`image_facts`.

    Facts of files whose size and modification time are those cached are not read again; the
    others are read by several processes for large sets, with a progress bar.
    """
    start = time.perf_counter()
    cache_file = _cache_file(paths) if len(paths) >= CACHE_FROM else None
    cached = _load_cache(cache_file)
    found, todo, stamps = {}, [], {}
    for path in paths:
        stamps[path] = _stamp(path)
        entry = cached.get(path)
        if entry and entry['stamp'] == stamps[path] and (entry['decoded'] or not decode):
            found[path] = _facts_of(entry['facts'])
        else:
            todo.append(path)
    found.update(_read_all(todo, decode, owner))
    if cache_file is not None and todo:
        _save_cache(cache_file, {path: dict(stamp=stamps[path], decoded=decode,
                                            facts=_entry_of(found[path])) for path in paths})
    if len(paths) >= PROGRESS_FROM:
        print_log(f'{owner}: checked {len(paths)} image files in {time.perf_counter() - start:.1f} '
                  f's ({len(todo)} read, {len(paths) - len(todo)} from the cache)',
                  logger='current')
    return found


def _read_all(paths, decode, owner):
    if len(paths) < PARALLEL_FROM or 'fork' not in multiprocessing.get_all_start_methods():
        return {path: image_facts(path, decode) for path in paths}
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    found = {}
    processes = min(len(os.sched_getaffinity(0)), len(chunks), 8)
    bar = len(paths) >= PROGRESS_FROM and sys.stdout.isatty()
    with Progress(transient=True, disable=not bar) as progress, \
            multiprocessing.get_context('fork').Pool(processes) as pool:
        task = progress.add_task(f'{owner}: checking image files', total=len(paths))
        for chunk_found in pool.imap_unordered(_read_chunk, [(c, decode) for c in chunks]):
            found.update(chunk_found)
            progress.advance(task, len(chunk_found))
    return found


def _read_chunk(job):
    paths, decode = job
    return {path: image_facts(path, decode) for path in paths}


def _stamp(path):
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def _entry_of(facts):
    return facts if isinstance(facts, str) else [facts.width, facts.height, facts.channels,
                                                 facts.bits, facts.mode]


def _facts_of(entry):
    return entry if isinstance(entry, str) else ImageFacts(*entry)


def _cache_file(paths):
    folder = os.path.commonpath([os.path.abspath(p) for p in paths])
    root = os.path.expanduser(os.environ.get('I2ITOOLS_CACHE') or DEFAULT_CACHE)
    name = hashlib.sha1(folder.encode()).hexdigest()[:16]
    return os.path.join(root, 'image_facts', f'{name}.json')


def _load_cache(cache_file):
    if cache_file is None or not os.path.isfile(cache_file):
        return {}
    try:
        with open(cache_file) as file:
            return json.load(file)
    except (OSError, ValueError):  # a damaged cache is read again from the files
        return {}


def _save_cache(cache_file, entries):
    try:
        os.makedirs(os.path.dirname(cache_file), exist_ok=True)
        with atomic_path(cache_file) as tmp, open(tmp, 'w') as file:
            json.dump(entries, file)
    except OSError as error:  # no cache: the next start checks the files again
        print_log(f'could not write the image check cache {cache_file} ({error})',
                  logger='current')
