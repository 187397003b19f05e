"""Writes ``report.html`` of a work dir: config, curves, sample grids, best checkpoint."""
import glob
import html
import os.path as osp
import re

from i2itools.utils.atomic_write import atomic_path
from .curve_plots import plot_curves
from .health_report import health_section
from .training_logs import read_curves

#: folder of the work dir that holds the report's curve PNGs
REPORT_DIR = 'report'
#: how many of the latest training-batch grids the report shows
TRAINING_GRIDS_SHOWN = 4


def write_training_report(work_dir, config_text, best=(), title=None):
    """Write ``work_dir/report.html`` (and its curves under ``work_dir/report/``); return its path.

    Args:
        work_dir: the run's work dir: its logs, ``val_samples/`` and ``samples/`` are read.
        config_text: the run's config, shown as text.
        best: ``(metric, checkpoint path)`` pairs of the best checkpoints so far.
        title: heading of the page (default: the work dir's name).
    """
    try:
        curves = read_curves(work_dir)
    except FileNotFoundError:
        curves = dict(train={}, val={})
    sections = [_best_section(best, curves['val']), health_section(work_dir),
                _curves_section(work_dir, curves),
                _grids_section(work_dir, 'val_samples', 'Validation samples (same inputs and '
                               'z each time)', None),
                _grids_section(work_dir, 'samples', 'Latest training batches',
                               TRAINING_GRIDS_SHOWN),
                f'<h2>Config</h2><details><summary>show</summary><pre>'
                f'{html.escape(config_text)}</pre></details>']
    name = html.escape(title or osp.basename(osp.abspath(work_dir)))
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{name}</title>'
            '<style>body{font-family:sans-serif;margin:2em} img{max-width:100%} '
            'td,th{padding:0 1em;text-align:left}</style></head>'
            f'<body><h1>Training report: {name}</h1>{"".join(sections)}</body></html>\n')
    path = osp.join(work_dir, 'report.html')
    with atomic_path(path) as tmp, open(tmp, 'w') as file:
        file.write(page)
    return path


def _best_section(best, val_curves):
    if not best:
        return '<h2>Best checkpoint</h2><p>none yet (it is chosen at validation)</p>'
    parts = ['<h2>Best checkpoint</h2>']
    for metric, path in best:
        match = re.search(r'_iter_(\d+)\.pth$', path)
        step = int(match.group(1)) if match else None
        scores = {key: dict(points).get(step) for key, points in val_curves.items()}
        rows = ''.join(f'<tr><td>{html.escape(k)}</td><td>{v:.4g}</td></tr>'
                       for k, v in scores.items() if v is not None)
        parts.append(f'<p>by <b>{html.escape(metric)}</b>: <code>{html.escape(path)}</code></p>'
                     f'<table><tr><th>metric</th><th>value</th></tr>{rows}</table>')
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
            parts.append(f'<h3>{name.replace("_", " ")}</h3>'
                         f'<img src="{REPORT_DIR}/{name}.png" alt="{name}">')
    return ''.join(parts) if len(parts) > 1 else '<h2>Curves</h2><p>nothing logged yet</p>'


def _grids_section(work_dir, folder, heading, last):
    grids = sorted(glob.glob(osp.join(work_dir, folder, 'iter_*.png')))
    if last is not None:
        grids = grids[-last:]
    if not grids:
        return ''
    items = ''.join(f'<figure><figcaption>iteration {int(re.sub(r"[^0-9]", "", osp.basename(p)))}'
                    f'</figcaption><img src="{folder}/{osp.basename(p)}"></figure>' for p in grids)
    return f'<h2>{heading}</h2>{items}'
