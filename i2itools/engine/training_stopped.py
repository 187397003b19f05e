"""The exception a run ends with when it stops early on purpose, its state saved."""


class TrainingStopped(Exception):
    """Training stopped before ``max_iters`` (a signal, a non-finite loss, a failed checkpoint
    write) with every finished iteration kept in a checkpoint; the message names it.

    Args:
        message: what stopped the run and which checkpoint holds its last good state.
        exit_code: the status ``tools/train.py`` exits with (128 + the signal number for a
            signal, as shells report a process a signal ended; else 1).
    """

    def __init__(self, message, exit_code=1):
        super().__init__(message)
        self.exit_code = exit_code
