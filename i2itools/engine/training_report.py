"""Writes ``report.html`` of a work dir: checkpoints and how to test them, labelled validation
grids, curves, the latest training grids, the config."""
import glob
import json
import os.path as osp
import re
import shlex

from PIL import Image

from i2itools.utils.atomic_write import atomic_path
from i2itools.utils.html_pages import metrics_table, page, text, url
from i2itools.utils.visual_labels import COLUMNS_FILE
from .curve_plots import plot_curves
from .health_report import health_section
from .training_logs import read_curves

#: folder of the work dir that holds the report's curve PNGs
REPORT_DIR = 'report'
#: how many of the latest training-batch grids the report shows
TRAINING_GRIDS_SHOWN = 4
#: grids are shown up to this many times their size, and at least this wide if they can be
GRID_ZOOM, GRID_WIDTH = 4, 768
#: why the page shows no best checkpoint: none chosen yet, none kept, no validation
NO_BEST = {
    'pending': 'No best checkpoint yet: it is chosen at validation '
               '(<code>default_hooks.checkpoint.save_best</code>).',
    'kept': 'No best checkpoint: this run keeps none '
            '(<code>default_hooks.checkpoint.save_best</code> is not set).',
    'validation': 'No best checkpoint: it is chosen at validation, and this run does not '
                  'validate (no <code>val_dataloader</code>, <code>val_cfg</code>, '
                  '<code>val_evaluator</code>).',
}
REPORT_STYLE = (
    'figure{margin:0 0 1.2em}figure img{width:100%;display:block}'
    '.labels{display:grid;font-size:small;text-align:center;overflow-wrap:anywhere}'
    'pre.command{background:#f4f4f4;padding:.4em;overflow-x:auto}'
)


def write_training_report(work_dir, config_text, best=(), title=None, config_file=None,
                          latest=None, validates=True, keeps_best=True):
    """Write ``work_dir/report.html`` (and its curves under ``work_dir/report/``); return its path.

    Args:
        work_dir: the run's work dir: its logs, ``val_samples/`` and ``samples/`` are read.
        config_text: the run's config, shown as text.
        best: ``(metric, checkpoint path)`` pairs of the best checkpoints so far.
        title: heading of the page (default: the work dir's name).
        config_file: the config file the run was started with, for the test commands
            (default: the copy in the work dir).
        latest: the path of the newest checkpoint, if any.
        validates, keeps_best: whether the run validates and keeps a best checkpoint
            (``save_best``); without both there will be no best, and the page says why.
    """
    try:
        curves = read_curves(work_dir)
    except FileNotFoundError:
        curves = dict(train={}, val={})
    config_file = config_file or _config_copy(work_dir)
    # what the model does comes before how the numbers went
    no_best = (NO_BEST['pending'] if validates and keeps_best else
               NO_BEST['kept'] if validates else NO_BEST['validation'])
    sections = [_checkpoints_section(best, latest, curves['val'], config_file, no_best),
                health_section(work_dir),
                _grids_section(work_dir, 'val_samples', 'Validation samples (same inputs and '
                               'z each time)', None),
                _curves_section(work_dir, curves),
                _grids_section(work_dir, 'samples', 'Latest training batches',
                               TRAINING_GRIDS_SHOWN),
                f'<h2>Config</h2><details><summary>show</summary><pre>'
                f'{text(config_text)}</pre></details>']
    name = title or osp.basename(osp.abspath(work_dir))
    body = (f'<h1>Training report: {text(name)}</h1><p>Work dir <code>{text(work_dir)}</code>; '
            'this page is rewritten at every validation and when training ends.</p>'
            + ''.join(sections))
    path = osp.join(work_dir, 'report.html')
    with atomic_path(path) as tmp, open(tmp, 'w', encoding='utf-8') as file:
        file.write(page(f'Training report: {name}', body, REPORT_STYLE))
    return path


def test_command(config_file, checkpoint):
    """The command that tests ``checkpoint``."""
    return f'python tools/test.py {shlex.quote(config_file)} {shlex.quote(checkpoint)}'


def _config_copy(work_dir):
    copies = sorted(glob.glob(osp.join(work_dir, '*.py')))
    return copies[0] if copies else 'CONFIG'


def _checkpoints_section(best, latest, val_curves, config_file, no_best):
    parts = ['<h2>Checkpoints</h2>']
    for metric, path in best:
        match = re.search(r'_iter_(\d+)\.pth$', path)
        step = int(match.group(1)) if match else None
        scores = {key: dict(points).get(step) for key, points in val_curves.items()}
        scores = {key: value for key, value in scores.items() if value is not None}
        parts.append(f'<p>Best by <b>{text(metric)}</b>: <code>{text(path)}</code></p>'
                     + (metrics_table(scores) if scores else '')
                     + f'<pre class="command">{text(test_command(config_file, path))}</pre>')
    if not best:
        parts.append(f'<p>{no_best}</p>')
    if latest:
        parts.append(f'<p>Latest: <code>{text(latest)}</code></p><pre class="command">'
                     f'{text(test_command(config_file, latest))}</pre>')
    return ''.join(parts)


def _curves_section(work_dir, curves):
    train, val = curves['train'], curves['val']
    figures = dict(
        losses={k: {k: v} for k, v in train.items() if k.startswith('loss')},
        learning_rates={'learning rate': {k: v for k, v in train.items() if k.endswith('lr')}},
        metrics={k: {k: v} for k, v in val.items()},
    )
    parts = ['<h2>Curves</h2>']
    for name, panels in figures.items():
        panels = {title: lines for title, lines in panels.items() if lines}
        if panels:
            plot_curves(panels, osp.join(work_dir, REPORT_DIR, f'{name}.png'))
            source = f'{REPORT_DIR}/{name}.png'
            parts.append(f'<h3>{name.replace("_", " ")}</h3><a href="{url(source)}">'
                         f'<img src="{url(source)}" alt="{name.replace("_", " ")}"></a>')
    if len(parts) == 1:
        parts.append('<p>Nothing logged yet: training logs its losses and learning rates every '
                     '<code>default_hooks.logger.interval</code> iterations and at its last '
                     'iteration, and the metrics at every validation.</p>')
    return ''.join(parts)


def _grids_section(work_dir, folder, heading, last):
    grids = sorted(glob.glob(osp.join(work_dir, folder, 'iter_*.png')))
    if last is not None:
        grids = grids[-last:]
    if not grids:
        return ''
    labels = _column_labels(osp.join(work_dir, folder, COLUMNS_FILE))
    figures = ''.join(_grid_figure(path, f'{folder}/{osp.basename(path)}', labels)
                      for path in grids)
    return f'<h2>{text(heading)}</h2>{figures}'


def _column_labels(path):
    try:
        with open(path, encoding='utf-8') as file:
            return json.load(file)
    except (OSError, ValueError):
        return []


def _grid_figure(path, source, labels):
    """A grid at a readable size, with its column labels above it and its iteration."""
    width, height = Image.open(path).size
    shown = width * max(1, min(GRID_ZOOM, GRID_WIDTH // width))
    iteration = int(re.sub(r'[^0-9]', '', osp.basename(path)))
    head = ''
    if labels:
        head = (f'<div class="labels" style="grid-template-columns:repeat({len(labels)},1fr)">'
                + ''.join(f'<span>{text(label)}</span>' for label in labels) + '</div>')
    return (f'<figure style="width:{shown}px;max-width:100%"><figcaption>iteration {iteration}'
            f'</figcaption>{head}<a href="{url(source)}"><img src="{url(source)}" '
            f'alt="grid of iteration {iteration}" width="{width}" height="{height}" '
            'loading="lazy"></a></figure>')
