"""Draws logged curves (losses, learning rates, metrics) as one PNG, one panel per quantity."""
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from i2itools.utils.atomic_write import atomic_path


def plot_curves(panels, out, columns=3):
    """Write ``out`` (PNG): one panel per ``title -> {label: [(x, y), ...]}`` of ``panels``, one
    line per label (a run, or a loss), x the iteration."""
    columns = max(1, min(columns, len(panels)))
    rows = math.ceil(len(panels) / columns)
    figure = Figure(figsize=(4.5 * columns, 3.2 * rows), layout='constrained')
    FigureCanvasAgg(figure)
    for index, (title, lines) in enumerate(panels.items()):
        axes = figure.add_subplot(rows, columns, index + 1)
        for label, points in lines.items():
            xs, ys = zip(*points) if points else ((), ())
            axes.plot(xs, ys, marker='o' if len(points) < 20 else None, markersize=3, label=label)
        axes.set_title(title)
        axes.set_xlabel('iteration')
        axes.grid(alpha=0.3)
        if len(lines) > 1:
            axes.legend(fontsize='small')
    with atomic_path(out) as tmp:
        figure.savefig(tmp, format='png', dpi=80)
    return out
