"""Runs a tool's ``main()`` so that mistakes of the user end in a short message, not a traceback.

An error the user caused is printed as ``error: <message>`` on stderr, a line or two that name
the file, key or fix, and the tool exits with 1. Anything else is a bug: Python prints its full
traceback, to be reported. ``I2ITOOLS_DEBUG=1`` shows the traceback of every error.

The user's errors: any :class:`UserError` (bad settings, options, tiles...), the dataset errors
(``DatasetError`` and its kind), unknown or duplicate registry names, a missing plugin,
checkpoints that do not load or do not fit, OS errors about a path (missing, not writable, ...)
or a full disk, anything the registry's or the config loader's own checks raise, a config that
does not parse, and any of these raised in a DataLoader worker. A plugin that raises on import
is not among them: its traceback is what its author needs. Command lines that do not parse are
refused by :class:`~i2itools.utils.cli_options.ToolArgumentParser` in the same form.
"""
import errno
import os
import re
import sys
import traceback

DEBUG_VARIABLE = 'I2ITOOLS_DEBUG'
#: OS errors of a full, over-quota or read-only disk: the user's to fix, whatever the file
DISK_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
#: OS errors about a path the user gave
PATH_ERRORS = (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError,
               FileExistsError)
#: modules whose every ``raise`` is about a name, argument or config the user wrote
INPUT_CHECKING_MODULES = ('i2itools.registry', 'i2itools.engine.config_loading')
#: how torch's ``load_state_dict`` starts the message of a checkpoint that does not fit
STATE_DICT_ERROR = 'Error(s) in loading state_dict for '
#: how torch's DataLoader wraps an error raised in a worker process
WORKER_ERROR = re.compile(r'Caught \w+ in DataLoader worker process \d+\.\nOriginal Traceback')


class UserError(Exception):
    """An error in what the user gave (a setting, an option, a file), with a message that says
    what to change; tools print it without a traceback."""


class UserValueError(UserError, ValueError):
    """A value the user gave (an option, a setting) that cannot be used."""


def run_cli(main, argv=None):
    """Call ``main()`` (``main(argv)`` when given: tests run a tool in-process with its
    arguments); exit with 1 and a short message on a user error (see the module doc)."""
    try:
        main() if argv is None else main(argv)
    except Exception as error:
        message = None if _debugging() else user_error_message(error)
        if message is None:
            raise
        sys.exit(f'error: {message} ({DEBUG_VARIABLE}=1 shows the traceback)')


def _debugging():
    return os.environ.get(DEBUG_VARIABLE, '') not in ('', '0')


def user_error_message(error):
    """The message to show for ``error`` if the user caused it, else None (a bug)."""
    text = _original_message(error)
    if isinstance(error, RuntimeError) and text.startswith(STATE_DICT_ERROR):
        return state_dict_mismatch(text)
    if isinstance(error, SyntaxError) and not os.path.isfile(error.filename or ''):
        return _config_syntax_message(error)
    if isinstance(error, _user_error_types()) or _raised_by_input_checks(error) or (
            isinstance(error, OSError) and error.errno in DISK_ERRNOS):
        return text
    return None


def _user_error_types():
    # imported here, when an error is being reported, so that a tool starts no slower
    from i2itools.apis.checkpoint_loading import CheckpointMismatchError
    from i2itools.datasets import DatasetError
    from i2itools.engine.checkpoint_files import UnreadableCheckpointError
    from i2itools.evaluation.functional.local_weights import WeightsFileError
    from i2itools.evaluation.protocols import ProtocolError
    from i2itools.plugins import PluginNotFoundError
    from i2itools.registry import DuplicateComponentError, UnknownComponentError
    return (UserError, DatasetError, UnknownComponentError, DuplicateComponentError,
            PluginNotFoundError, CheckpointMismatchError, UnreadableCheckpointError,
            WeightsFileError, ProtocolError, *PATH_ERRORS)


def _original_message(error):
    """``str(error)``, or for an error a DataLoader worker raised the message it was raised
    with (the worker sends it as text, after the worker's whole traceback)."""
    text = error.args[0] if isinstance(error, KeyError) and error.args else str(error)
    if not (isinstance(text, str) and WORKER_ERROR.match(text)):
        return str(text)
    cls = type(error)
    # the traceback ends with the line 'module.Class: message' (the message may go on)
    heads = [f'\n{cls.__module__}.{cls.__qualname__}: ', f'\n{cls.__qualname__}: ']
    starts = [text.rfind(head) + len(head) for head in heads if head in text]
    return text[max(starts):].rstrip() if starts else text


def _raised_by_input_checks(error):
    frames = list(traceback.walk_tb(error.__traceback__))
    return bool(frames) and frames[-1][0].f_globals.get('__name__') in INPUT_CHECKING_MODULES


def _config_syntax_message(error):
    """File, line and the offending text of a config that does not parse.

    mmengine parses a config's text without its file name, so the file is taken from the
    traceback: the innermost ``filename`` argument that is a file. A ``_base_`` file's error
    is mmengine's own message, which names the file and line already.
    """
    if error.lineno is None:
        return str(error)
    files = [frame.f_locals.get('filename') for frame, _ in traceback.walk_tb(error.__traceback__)]
    file = next((f for f in reversed(files) if isinstance(f, str) and os.path.isfile(f)),
                'the config')
    code = f': {error.text.strip()}' if error.text else ''
    return (f'{file}, line {error.lineno}: {error.msg}{code}\n'
            'The config is Python: fix the syntax there.')


def state_dict_mismatch(text):
    """torch's list of every missing, unexpected and resized key, summarised in two lines."""
    def keys(label):
        found = re.search(rf'{label} key\(s\) in state_dict: (.*)', text)
        return re.findall(r'"([^"]+)"', found.group(1)) if found else []

    def examples(found):  # the first key of each module, so that the nets' names show
        firsts = {}
        for key in found:
            firsts.setdefault(key.split('.', 1)[0], key)
        return ', '.join(list(firsts.values())[:3])

    shapes = re.findall(r'size mismatch for (\S+): copying a param with shape torch\.Size\((.*?)\) '
                        r'from checkpoint, the shape in current model is torch\.Size\((.*?)\)',
                        text)
    owner = text[len(STATE_DICT_ERROR):].split(':', 1)[0]
    parts = [f'{what} keys: {len(found)} (e.g. {examples(found)})'
             for what, found in (('missing', keys('Missing')), ('unexpected', keys('Unexpected')))
             if found]
    if shapes:
        key, old, new = shapes[0]
        parts.append(f'keys of another shape: {len(shapes)} (e.g. {key} is {old} in the '
                     f'checkpoint but {new} here)')
    return (f'the checkpoint does not fit the networks of this config ({owner}): '
            f'{"; ".join(parts)}.\nUse the config it was trained with (a copy is in its work '
            'dir), or the same architecture options (type, base_channels, layers, norm).')
