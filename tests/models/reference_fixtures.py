"""Where the reference implementations' weights, inputs and outputs are (``shared/fixtures``)."""
import os
from pathlib import Path

ENV_VAR = 'I2ITOOLS_REFERENCE_FIXTURES'


def fixtures_dir():
    """``<workspace>/shared/fixtures/reference`` beside the repository, else ``$ENV_VAR``, else None."""
    default = Path(__file__).resolve().parents[2].parent / 'shared' / 'fixtures' / 'reference'
    if default.is_dir():
        return default
    from_env = os.environ.get(ENV_VAR)
    return Path(from_env) if from_env and Path(from_env).is_dir() else None
