"""Without a terminal, a job's progress is a few plain lines with the count and an ETA."""
import io
import re

from i2itools.utils.progress import TaskProgress, progress_line


def test_plain_lines_spread_over_the_job_with_an_eta():
    stream = io.StringIO()
    with TaskProgress('test', 100, plain_lines=4, stream=stream) as progress:
        for _ in range(100):
            progress.advance()
    lines = stream.getvalue().splitlines()
    assert [line.split()[1] for line in lines] == ['25/100', '50/100', '75/100', '100/100']
    assert all(re.search(r'elapsed \d+:\d\d:\d\d  eta \d+:\d\d:\d\d$', line) for line in lines)


def test_the_eta_extrapolates_what_this_session_did():
    assert progress_line('p', 60, 100, 20.0, start=40).endswith('eta 0:00:40')
    assert 'eta ?' in progress_line('p', 0, 100, 1.0)
