"""Per-file time table of the test suite (tests, seconds), for docs/contributing.md.

Run the suite of the current folder's checkout and print its table (one command; the machine's
load is measured beside it):
    python .ci/durations_table.py run [RESULT.xml] [-- extra pytest arguments]
Print the table of saved runs, side by side when given two (before, after), the files under
SECONDS in every run in one row (default 0: every file its row):
    python .ci/durations_table.py table BEFORE.xml [AFTER.xml] [--min-seconds SECONDS]
A run keeps pytest's junit xml (setup + call + teardown per test; a session fixture's setup
counts in its first test) and, beside it, RESULT.load: the load averages before and after and
the mean 1-minute load sampled every 15 s during the run.
"""
import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

def file_of(classname):
    """``tests.tools.test_x.TestY`` -> ``tests/tools/test_x.py``: the longest prefix that is a file."""
    parts = classname.split('.')
    for end in range(len(parts), 0, -1):
        path = '/'.join(parts[:end]) + '.py'
        if Path(path).is_file():
            return path
    return classname


def per_file(xml_path):
    """{file: [tests, seconds, failed]} of a junit xml, and the suite's wall time in seconds."""
    root = ET.parse(xml_path).getroot()
    suite = root if root.tag == 'testsuite' else root.find('testsuite')
    files = defaultdict(lambda: [0, 0.0, 0])
    for case in suite.iter('testcase'):
        row = files[file_of(case.get('classname', ''))]
        row[0] += 1
        row[1] += float(case.get('time', 0))
        row[2] += case.find('failure') is not None or case.find('error') is not None
    return dict(files), float(suite.get('time', 0))


def load_line(xml_path):
    """The load recorded beside a run, or a note that none was."""
    load = Path(f'{xml_path}.load')
    return load.read_text().strip() if load.is_file() else 'load: not recorded'


def table(xml_paths, min_seconds=0.0):
    """A markdown table, one row per test file (slowest first), one column pair per run; the
    files under ``min_seconds`` in every run summed in one row."""
    runs = [per_file(path) for path in xml_paths]
    slowest = {name: max(files.get(name, [0, 0.0])[1] for files, _ in runs)
               for name in set().union(*(files for files, _ in runs))}
    names = sorted(slowest, key=lambda name: -slowest[name])
    shown = [name for name in names if slowest[name] >= min_seconds]
    others = [name for name in names if slowest[name] < min_seconds]
    labels = ['before ', 'after '] if len(runs) == 2 else ['']
    header = ' | '.join(f'{label}tests | {label}s' for label in labels)
    lines = [f'| file | {header} |', '|---' * (1 + 2 * len(runs)) + '|']
    rows = [(name, [name]) for name in shown]
    if others:
        rows.append((f'{len(others)} other files (each under {min_seconds:g} s)', others))
    for label, group in rows:
        cells = []
        for files, _ in runs:
            tests, seconds, failed = (sum(files.get(name, [0, 0.0, 0])[i] for name in group)
                                      for i in range(3))
            cells += [f'{tests}' + (f' ({failed} failed)' if failed else ''), f'{seconds:.1f}']
        lines.append(f'| {label} | ' + ' | '.join(cells) + ' |')
    totals = []
    for files, wall in runs:
        totals += [str(sum(row[0] for row in files.values())), f'{wall:.1f}']
    lines.append('| **total** (pytest wall time) | ' + ' | '.join(totals) + ' |')
    loads = [f'- {path}: {load_line(path)}' for path in xml_paths]
    return '\n'.join(lines + [''] + loads)


def run(xml_path, pytest_args):
    """Run ``python -m pytest -q`` with a junit xml, sampling the load; return pytest's code."""
    samples, done = [], threading.Event()

    def sample():
        while not done.wait(15):
            samples.append(os.getloadavg()[0])

    before = os.getloadavg()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = subprocess.call([sys.executable, '-m', 'pytest', '-q', f'--junitxml={xml_path}',
                            *pytest_args])
    done.set()
    after = os.getloadavg()
    mean = sum(samples) / len(samples) if samples else after[0]
    Path(f'{xml_path}.load').write_text(
        f'load (1/5/15 min) before {before[0]:.2f}/{before[1]:.2f}/{before[2]:.2f}, after '
        f'{after[0]:.2f}/{after[1]:.2f}/{after[2]:.2f}, mean 1-min load during the run '
        f'{mean:.2f} on {os.cpu_count()} cores; OMP_NUM_THREADS={os.environ.get("OMP_NUM_THREADS")}')
    return code


def main(argv):
    if argv[:1] == ['run']:
        rest = argv[1:]
        extra = rest[rest.index('--') + 1:] if '--' in rest else []
        named = rest[:rest.index('--')] if '--' in rest else rest
        xml_path = Path(named[0] if named else 'durations.xml').resolve()
        code = run(xml_path, extra)
        print(table([xml_path]))
        return code
    if argv[:1] == ['table']:
        rest = argv[1:]
        min_seconds = 0.0
        if '--min-seconds' in rest:
            at = rest.index('--min-seconds')
            min_seconds = float(rest[at + 1])
            rest = rest[:at] + rest[at + 2:]
        if 1 <= len(rest) <= 2:
            print(table(rest, min_seconds))
            return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
