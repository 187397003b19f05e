"""The "Is it translating?" section of ``report.html``: every health check of the run, its
numbers and warnings (see :mod:`.training_health`)."""
import html
import json
import os.path as osp

from .training_health import HEALTH_FILE, Judgement, TranslationHealth


def health_section(work_dir):
    """HTML of the checks in ``work_dir/health.json``, newest first; '' if there are none."""
    path = osp.join(work_dir, HEALTH_FILE)
    if not osp.isfile(path):
        return ''
    with open(path) as file:
        checks = json.load(file)
    rows = ''.join(_row(check) for check in reversed(checks))
    return ('<h2>Is it translating?</h2><p>At each validation: how far outputs are from their '
            'inputs (change), how different the outputs of different inputs are (spread; and '
            'of one input under different codes, z spread), each against the inputs\' spread, '
            'and how often each discriminator was right since the last check.</p>'
            '<table><tr><th>iteration</th><th>numbers</th><th>warnings</th></tr>'
            f'{rows}</table>')


def _row(check):
    numbers = [TranslationHealth(**t).summary() for t in check['translations']]
    numbers += [Judgement(**j).summary() for j in check['judgements']]
    warnings = ''.join(f'<p style="color:#b00">{html.escape(w)}</p>' for w in check['warnings'])
    return (f"<tr><td>{check['iteration']}</td><td>{'<br>'.join(map(html.escape, numbers))}</td>"
            f"<td>{warnings or 'none'}</td></tr>")
