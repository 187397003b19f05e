"""Writes translated images and an ``index.html`` that shows them side by side."""
import html
import os
import os.path as osp

from i2itools.datasets import bits_per_sample
from i2itools.utils.atomic_write import atomic_path, atomic_save_image
from i2itools.utils.image_conversion import tensor_to_uint8, tensor_to_uint16
from i2itools.utils.image_io import write_image


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
        out_dir: folder for ``index.html`` and ``images/``.
        columns: visual names in column order (e.g. A, fake_B, B).
        title: page heading.
    """

    def __init__(self, out_dir, columns, title):
        self.out_dir = out_dir
        self.columns = list(columns)
        self.title = title
        self.rows = []
        os.makedirs(osp.join(out_dir, 'images'), exist_ok=True)

    def add(self, stem, visuals):
        """Save each visual of one sample as a PNG and remember the row.

        The PNGs are 8-bit RGB, as the reference writes them, unless a source file of the
        sample (its ``*_path`` entries) is 16-bit: then they are 16-bit with the visual's own
        channels, so 16-bit data keeps its precision. A stem seen before (same file name in two
        sub-folders) gets a numbered suffix.
        """
        taken = {row[0] for row in self.rows}
        stem = next(s for s in (stem, *(f'{stem}_{i}' for i in range(1, len(taken) + 2)))
                    if s not in taken)
        files = {}
        sixteen_bits = source_bits(visuals) == 16
        for name in self.columns:
            if name in visuals:
                files[name] = f'images/{stem}_{name}.png'
                path = osp.join(self.out_dir, files[name])
                if sixteen_bits:
                    write_image(path, tensor_to_uint16(visuals[name]))
                else:
                    atomic_save_image(tensor_to_uint8(visuals[name]), path)
        self.rows.append((stem, files))

    def write_html(self):
        """Write ``index.html`` (a table: one row per sample) and return its path."""
        head = ''.join(f'<th>{html.escape(c)}</th>' for c in self.columns)
        body = []
        for stem, files in self.rows:
            cells = ''.join(
                f'<td><img src="{html.escape(files[c])}" alt="{html.escape(c)}"></td>' if c in files
                else '<td></td>' for c in self.columns)
            body.append(f'<tr><td>{html.escape(stem)}</td>{cells}</tr>')
        page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(self.title)}'
                '</title><style>body{font-family:sans-serif} img{width:256px;image-rendering:pixelated}'
                ' td,th{padding:4px;text-align:center}</style></head><body>'
                f'<h1>{html.escape(self.title)}</h1><table><tr><th>sample</th>{head}</tr>'
                + '\n'.join(body) + '</table></body></html>')
        path = osp.join(self.out_dir, 'index.html')
        with atomic_path(path) as tmp, open(tmp, 'w', encoding='utf-8') as f:
            f.write(page)
        return path
