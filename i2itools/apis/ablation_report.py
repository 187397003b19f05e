"""The outputs of an ablation: a markdown table of metrics over seeds and a figure of samples."""
import os
import os.path as osp
import statistics

import numpy as np
from PIL import Image, ImageDraw

from i2itools.utils.atomic_write import atomic_path, atomic_save_image

#: metrics where smaller is better (also as a suffix: 'AtoB_L1'), training costs included; the
#: table marks the best value of each column
LOWER_IS_BETTER = ('mode_js', 'L1', 'FID', 'KID', 's_per_iter', 'peak_RSS_MiB')


def metrics_table(results, variants):
    """Markdown table, one row per variant, one column per metric: the mean over seeds, and
    ``± std`` when there are several. ``results[variant]`` is a list of per-seed metric dicts;
    the best mean of each column is in bold."""
    names = list(dict.fromkeys(k for v in variants for r in results[v] for k in r))
    means = {v: {k: statistics.fmean(r[k] for r in results[v] if k in r)
                 for k in names if any(k in r for r in results[v])} for v in variants}
    best = {}
    for k in names:
        values = [means[v][k] for v in variants if k in means[v]]
        best[k] = (min if _lower_is_better(k) else max)(values)
    lines = ['| variant | seeds | ' + ' | '.join(names) + ' |',
             '|---|---|' + '---|' * len(names)]
    for v in variants:
        cells = []
        for k in names:
            values = [r[k] for r in results[v] if k in r]
            if not values:
                cells.append('—')
                continue
            text = f'{means[v][k]:.3f}'
            if len(values) > 1:
                text += f' ± {statistics.stdev(values):.3f}'
            cells.append(f'**{text}**' if len(variants) > 1 and means[v][k] == best[k] else text)
        lines.append(f'| {v} | {len(results[v])} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines) + '\n'


def _lower_is_better(key):
    name = key.split('/')[-1]
    if name.startswith('diversity'):  # a distance between samples: the more the better
        return False
    return any(name == k or name.endswith('_' + k) for k in LOWER_IS_BETTER)


def samples_figure(grids, path, label_width=110):
    """Save one figure of the sample grids: for each input a block, in it one row per variant
    (labelled) of that variant's grid for the input. ``grids[variant]`` lists the grid image
    paths of the same inputs in the same order."""
    variants = list(grids)
    count = min(len(grids[v]) for v in variants)
    if not count:
        raise ValueError('samples_figure got no grids to draw')
    rows = []
    for index in range(count):
        rows += [_labelled(np.asarray(Image.open(grids[v][index]).convert('RGB')), v, label_width)
                 for v in variants]
        rows.append(np.full((8, 1, 3), 255, np.uint8))  # a gap between inputs
    width = max(row.shape[1] for row in rows)
    padded = [np.pad(row, ((0, 0), (0, width - row.shape[1]), (0, 0)), constant_values=255)
              for row in rows[:-1]]
    atomic_save_image(np.concatenate(padded, axis=0), path)
    return path


def gallery_rows(test_dir, visuals, count):
    """Join the first ``count`` rows of a test gallery (``images/<stem>_<visual>.png``, in
    ``visuals`` order) into one strip per input, ``rows/<stem>.png``; return their paths."""
    longest_first = sorted(visuals, key=len, reverse=True)  # 'fake_B' before 'B'
    files = {}
    for name in sorted(os.listdir(osp.join(test_dir, 'images'))):
        visual = next((v for v in longest_first if name.endswith(f'_{v}.png')), None)
        if visual is not None:
            files.setdefault(name[:-len(f'_{visual}.png')], {})[visual] = name
    paths = []
    for stem, row in list(files.items())[:count]:
        strip = [np.asarray(Image.open(osp.join(test_dir, 'images', row[v])).convert('RGB'))
                 for v in visuals if v in row]
        paths.append(osp.join(test_dir, 'rows', f'{stem}.png'))
        atomic_save_image(np.concatenate(strip, axis=1), paths[-1])
    return paths


def _labelled(grid, text, width):
    """``grid`` with a white strip on its left holding ``text``."""
    strip = Image.new('RGB', (width, grid.shape[0]), 'white')
    ImageDraw.Draw(strip).text((4, grid.shape[0] // 2 - 5), text, fill='black')
    return np.concatenate([np.asarray(strip), grid], axis=1)


def write_text(text, path):
    """Write ``text`` to ``path`` atomically."""
    with atomic_path(path) as tmp, open(tmp, 'w') as f:
        f.write(text)
    return osp.abspath(path)
