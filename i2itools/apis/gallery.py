"""Writes translated images and the ``index.html`` pages that show them side by side."""
import os
import os.path as osp

from i2itools.datasets import bits_per_sample
from i2itools.utils.atomic_write import atomic_path, atomic_save_image, atomic_write_json
from i2itools.utils.image_conversion import tensor_to_uint8, tensor_to_uint16
from i2itools.utils.image_io import write_image
from .gallery_html import GalleryRow, gallery_pages


def file_stem(paths, fallback):
    """The file name (no extension) of the first ``*_path`` entry of ``paths``, else ``fallback``.

    Args:
        paths: a sample dict (or any dict) whose ``<key>_path`` entries hold file paths.
        fallback: the stem to use when there is none (e.g. a running number).
    """
    path = next((v for k, v in paths.items() if k.endswith('_path')), None)
    return osp.splitext(osp.basename(path))[0] if path else fallback


def source_bits(sample):
    """16 if any ``*_path`` file of ``sample`` (the images it was made from) is 16-bit, else 8."""
    paths = [v for k, v in sample.items() if k.endswith('_path') and v and osp.isfile(v)]
    return max((bits_per_sample(p) for p in paths), default=8)


class Gallery:
    """Collects one row per test sample: ``images/<stem>_<visual>.png`` and a table row each.

    Args:
        out_dir: folder for ``index.html`` (and ``index_2.html`` ... past 100 inputs) and
            ``images/``.
        columns: visual names in column order (e.g. A, fake_B, B).
        title: page heading.
        labels: column name -> the label shown (default: the name).
        intro: a line of HTML under the heading (what was run, how).
    """

    def __init__(self, out_dir, columns, title, labels=None, intro=''):
        self.out_dir = out_dir
        self.columns = list(columns)
        self.title, self.labels, self.intro = title, dict(labels or {}), intro
        self.rows = []
        os.makedirs(osp.join(out_dir, 'images'), exist_ok=True)

    @property
    def stems(self):
        """The stems of the rows so far, in order."""
        return [row.stem for row in self.rows]

    def add(self, stem, visuals, grid=None):
        """Save each visual of one sample as a PNG and remember the row; return its stem.

        The PNGs are 8-bit RGB, as the reference writes them, unless a source file of the
        sample (its ``*_path`` entries) is 16-bit: then they are 16-bit with the visual's own
        channels, so 16-bit data keeps its precision. A stem seen before (same file name in two
        sub-folders) gets a numbered suffix. ``grid`` (an H x W x 3 uint8 array) is saved as
        ``grids/<stem>.png`` and linked from the row.
        """
        taken = set(self.stems)
        stem = next(s for s in (stem, *(f'{stem}_{i}' for i in range(1, len(taken) + 2)))
                    if s not in taken)
        files, size = {}, (0, 0)
        sixteen_bits = source_bits(visuals) == 16
        for name in self.columns:
            if name in visuals:
                files[name] = f'images/{stem}_{name}.png'
                path = osp.join(self.out_dir, files[name])
                size = tuple(visuals[name].shape[-1:-3:-1])  # width, height
                if sixteen_bits:
                    write_image(path, tensor_to_uint16(visuals[name]))
                else:
                    atomic_save_image(tensor_to_uint8(visuals[name]), path)
        grid_file = None
        if grid is not None:
            grid_file = f'grids/{stem}.png'
            atomic_save_image(grid, osp.join(self.out_dir, grid_file))
        self.rows.append(GalleryRow(stem, files, size, grid_file))
        return stem

    def write_html(self, metrics=None):
        """Write ``index.html`` (and further pages past 100 inputs) and, given ``metrics`` (name
        -> value), ``metrics.json`` and a table of them on top; return the path of
        ``index.html``."""
        metrics_file = 'metrics.json' if metrics else None
        if metrics:
            atomic_write_json(metrics, osp.join(self.out_dir, metrics_file))
        pages = gallery_pages(self.title, self.intro, self.columns, self.labels, self.rows,
                              metrics, metrics_file)
        for name, html in pages.items():
            with atomic_path(osp.join(self.out_dir, name)) as tmp, \
                    open(tmp, 'w', encoding='utf-8') as f:
                f.write(html)
        return osp.join(self.out_dir, 'index.html')
