"""Checks that an output folder can be written before a tool starts, without creating it.

A tool refused for another reason then leaves nothing behind: the folder is made only when the
tool writes its first file.
"""
import os
import tempfile


def check_writable_folder(folder, option, label=None):
    """Raise an OS error naming the folder as ``label`` (default: ``option``, e.g. '--out')
    unless ``folder`` exists and can be written to, or can be created: its nearest existing
    parent is a folder that takes files. The fix names ``option``.

    Creates nothing that stays: a temporary file in that folder is made and removed.
    """
    existing = os.path.abspath(folder)
    while not os.path.lexists(existing):
        existing = os.path.dirname(existing)
    label = label or option
    fix = f'pass {option} with a folder you can write to'
    if not os.path.isdir(existing):
        raise NotADirectoryError(f"{label} {folder}: '{existing}' is a file, not a folder; "
                                 f'{fix}')
    try:
        tempfile.TemporaryFile(dir=existing).close()
    except OSError as error:
        where = '' if existing == os.path.abspath(folder) else f" (in '{existing}')"
        raise PermissionError(f'{label} {folder} is not writable{where} '
                              f'({error.strerror or error}); {fix}') from error
