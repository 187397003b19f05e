"""Runner glue: hooks, optimizer wrappers, schedules, checkpoint loading, distributed launch."""
from . import atomic_local_backend  # noqa: F401  (registers the 'atomic_local' file backend)
from . import optional_tensorboard_backend  # noqa: F401  (registers the optional TensorBoard)
