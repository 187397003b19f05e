"""Draws logged curves (losses, learning rates, metrics) as one PNG, one panel per quantity."""
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from i2itools.utils.atomic_write import atomic_path

#: the style and marker of the k-th line of a panel
LINE_STYLES = ('-', '--', ':', '-.')
MARKERS = ('o', 's', '^', 'D', 'v', 'x')


def plot_curves(panels, out, columns=3):
    """Write ``out`` (PNG): one panel per ``title -> {label: [(x, y), ...]}`` of ``panels``, one
    line per label (a run, or a loss), x the iteration; each line of a panel has its own style,
    marker and marker size, so that equal lines stay visible."""
    columns = max(1, min(columns, len(panels)))
    rows = math.ceil(len(panels) / columns)
    figure = Figure(figsize=(4.5 * columns, 3.2 * rows), layout='constrained')
    FigureCanvasAgg(figure)
    for index, (title, lines) in enumerate(panels.items()):
        axes = figure.add_subplot(rows, columns, index + 1)
        for index, (label, points) in enumerate(lines.items()):
            xs, ys = zip(*points) if points else ((), ())
            # lines that coincide (G.lr and D.lr) stay distinguishable by style and marker
            axes.plot(xs, ys, linestyle=LINE_STYLES[index % len(LINE_STYLES)],
                      marker=MARKERS[index % len(MARKERS)], markevery=max(1, len(points) // 10),
                      markersize=4 + 2 * (index % 3), fillstyle='none', label=label)
        axes.set_title(title)
        axes.set_xlabel('iteration')
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(alpha=0.3)
        if len(lines) > 1:
            axes.legend(fontsize='small')
    with atomic_path(out) as tmp:
        figure.savefig(tmp, format='png', dpi=80)
    return out
