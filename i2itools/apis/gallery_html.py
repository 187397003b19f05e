"""The HTML of a test gallery: one row per input, one labelled column per image, pages of
``ROWS_PER_PAGE`` rows, the run's metrics on top."""
from dataclasses import dataclass

from i2itools.utils.html_pages import metrics_table, page, text, url

#: inputs per page: a test split of 1,000 inputs makes 10 light pages
ROWS_PER_PAGE = 100
#: small images are shown up to this many times larger, as long as they stay this wide at most
ZOOM, ZOOMED_WIDTH = 4, 256
#: the table fills the window: every column of a row shrinks to fit, none is cut off
GALLERY_STYLE = (
    'table.gallery{table-layout:fixed;width:100%;border-collapse:collapse}'
    'table.gallery th,table.gallery td{padding:2px;text-align:center;vertical-align:top}'
    'table.gallery thead th{position:sticky;top:0;background:#fff;font-weight:normal;'
    'font-size:small;overflow-wrap:anywhere}'
    'table.gallery .name{width:7em;text-align:left;font-size:small;overflow-wrap:anywhere}'
    'table.gallery img{width:100%;display:block}'
)


@dataclass
class GalleryRow:
    """One input: its name, its image files (relative paths by column), their size, and the
    grid PNG of the whole row if there is one."""
    stem: str
    files: dict
    size: tuple = (0, 0)
    grid: str = None


def page_name(number):
    """File name of page ``number`` (1-based): ``index.html``, ``index_2.html``, ..."""
    return 'index.html' if number == 1 else f'index_{number}.html'


def gallery_pages(title, intro, columns, labels, rows, metrics=None, metrics_file=None):
    """``{file name: HTML}`` of every page of the gallery."""
    pages = [rows[i:i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    head = ''.join(f'<th title="{text(c)}">{text(labels.get(c, c))}</th>' for c in columns)
    width = max((row.size[0] for row in rows), default=0)
    cell = width * max(1, min(ZOOM, ZOOMED_WIDTH // max(width, 1)))
    # at most the zoomed size; narrower windows shrink every column alike
    table = f'<table class="gallery" style="max-width:calc(7em + {len(columns) * (cell + 4)}px)">'
    out = {}
    for number, chunk in enumerate(pages, 1):
        nav = _nav(number, len(pages), len(rows))
        body = ''.join(_row(row, columns, labels) for row in chunk)
        top = f'<h1>{text(title)}</h1><p>{intro}</p>' + _metrics(metrics, metrics_file)
        out[page_name(number)] = page(
            title, f'{top}{nav}{table}<thead><tr><th class="name">input file'
            f'</th>{head}</tr></thead><tbody>{body}</tbody></table>{nav}', GALLERY_STYLE)
    return out


def _metrics(metrics, metrics_file):
    if not metrics:
        return ''
    link = f' (<a href="{url(metrics_file)}">{text(metrics_file)}</a>)' if metrics_file else ''
    return f'<h2>Metrics{link}</h2>{metrics_table(metrics)}'


def _nav(number, count, total):
    if count == 1:
        return ''
    links = ' '.join(f'<b>{n}</b>' if n == number else f'<a href="{url(page_name(n))}">{n}</a>'
                     for n in range(1, count + 1))
    return f'<nav>{total} inputs, {ROWS_PER_PAGE} a page: {links}</nav>'


def _row(row, columns, labels):
    name = text(row.stem)
    if row.grid:
        name += f'<br><a href="{url(row.grid)}">grid</a>'
    width, height = row.size
    cells = []
    for column in columns:
        path = row.files.get(column)
        if path is None:
            cells.append('<td></td>')
            continue
        cells.append(f'<td><a href="{url(path)}"><img src="{url(path)}" '
                     f'alt="{text(labels.get(column, column))}" width="{width}" '
                     f'height="{height}" loading="lazy"></a></td>')
    return f'<tr><td class="name">{name}</td>{"".join(cells)}</tr>'
