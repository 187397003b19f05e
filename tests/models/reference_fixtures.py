"""Where the reference implementations' weights, inputs and outputs are: shipped with the tests."""
from pathlib import Path

#: tests/fixtures/reference (see its README.md): read from the repository only
FIXTURES = Path(__file__).resolve().parents[1] / 'fixtures' / 'reference'


def reference_cases(prefix):
    """The ``<prefix>*.json`` case descriptions of the fixture folder, sorted; never empty."""
    cases = sorted(FIXTURES.glob(f'{prefix}*.json'))
    if not cases:
        raise FileNotFoundError(f'no {prefix}*.json reference fixtures in {FIXTURES}')
    return cases
