"""Keeps mmengine's start-up dump (environment, full config, hook order) and its internal
deprecation warnings in the log file only, so that the console shows the short header of
:class:`RunHeaderHook` and then the progress."""
import logging

from .run_folder import OwnRunFolderRunner

#: how the records that only the log file gets start (mmengine's Runner writes them)
LOG_FILE_ONLY = (
    '\n' + '-' * 60 + '\nSystem environment:',
    'Config:\n',
    'Hooks will be executed in the following order',
    'Distributed training is not used, all SyncBatchNorm',
    'Checkpoints will be saved to',
    # mmengine's own deprecations, logged at the first checkpoint: nothing a user can change
    '"FileClient" will be deprecated',
    '"HardDiskBackend" is the alias',
)


class StartupDumpFilter(logging.Filter):
    """Drops the records that start like one of ``LOG_FILE_ONLY``."""

    def filter(self, record):
        return not str(record.msg).startswith(LOG_FILE_ONLY)


def quiet_console(logger):
    """Add :class:`StartupDumpFilter` to ``logger``'s console handlers (not its file handler,
    which is a subclass of ``StreamHandler``)."""
    for handler in logger.handlers:
        if type(handler) is logging.StreamHandler:
            handler.addFilter(StartupDumpFilter())
    return logger


class QuietConsoleRunner(OwnRunFolderRunner):
    """:class:`OwnRunFolderRunner` whose console leaves out the start-up dump (``tools/train.py``
    without ``--verbose``); the log file still gets every line."""

    def build_logger(self, *args, **kwargs):
        return quiet_console(super().build_logger(*args, **kwargs))
