"""Turn the INPUTs of ``tools/translate.py`` (images, folders, globs, lists, videos) into files,
each with the relative path its output keeps."""
import glob
import os
import os.path as osp
from typing import NamedTuple

IMAGE_EXTENSIONS = ('.png', '.jpg', '.jpeg', '.tif', '.tiff', '.bmp', '.webp', '.ppm', '.pgm')
VIDEO_EXTENSIONS = ('.mp4', '.avi', '.mov', '.mkv', '.webm', '.m4v', '.mpg', '.mpeg', '.wmv')
LIST_EXTENSIONS = ('.txt', '.lst')


class InputFile(NamedTuple):
    """One file to translate: where it is, its output path relative to ``--out``, its kind."""
    path: str
    relative: str
    is_video: bool


def collect_inputs(inputs):
    """The files ``inputs`` name, in order, without repeats.

    An input is an image or video file; a folder (searched recursively; relative paths are
    kept); a text file (``.txt``/``.lst``) of paths, one a line, relative to its folder; or a
    glob pattern (``'photos/**/*.png'``). Files from a glob or list keep their paths relative to
    the folder they all share.
    """
    files, seen = [], set()
    for entry in inputs:
        for item in _expand(str(entry)):
            if osp.abspath(item.path) not in seen:
                seen.add(osp.abspath(item.path))
                files.append(item)
    return files


def is_video(path):
    """Whether ``path`` has a video file extension."""
    return osp.splitext(path)[1].lower() in VIDEO_EXTENSIONS


def _expand(entry):
    if osp.isdir(entry):
        found = sorted(osp.join(folder, name) for folder, _, names in os.walk(entry)
                       for name in names if _is_media(name))
        return [InputFile(p, osp.relpath(p, entry), is_video(p)) for p in found]
    if osp.isfile(entry) and osp.splitext(entry)[1].lower() in LIST_EXTENSIONS:
        return _relative_to_shared_folder(_listed(entry))
    if osp.isfile(entry):
        return [InputFile(entry, osp.basename(entry), is_video(entry))]
    matches = sorted(p for p in glob.glob(entry, recursive=True) if osp.isfile(p) and _is_media(p))
    if not matches:
        raise FileNotFoundError(f'input {entry!r} is no file, folder or list, and as a glob it '
                                'matches no image or video')
    return _relative_to_shared_folder(matches)


def _listed(list_file):
    folder = osp.dirname(osp.abspath(list_file))
    with open(list_file) as handle:
        lines = [line.strip() for line in handle]
    # a missing listed file is kept: translating reports it as unreadable, in the summary
    return [osp.join(folder, line) for line in lines if line and not line.startswith('#')]


def _relative_to_shared_folder(paths):
    if not paths:
        return []
    shared = osp.commonpath([osp.dirname(osp.abspath(p)) for p in paths])
    return [InputFile(p, osp.relpath(osp.abspath(p), shared), is_video(p)) for p in paths]


def _is_media(name):
    return osp.splitext(name)[1].lower() in IMAGE_EXTENSIONS + VIDEO_EXTENSIONS
