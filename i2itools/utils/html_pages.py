"""What the toolbox's HTML pages share: a page that scales to the window, URL-encoded links,
a metrics table."""
import html
from urllib.parse import quote

#: the style of every page: fluid width, images that shrink with the window
BASE_STYLE = (
    'body{font-family:sans-serif;margin:1em auto;padding:0 1em;max-width:1800px}'
    'img{max-width:100%;height:auto;image-rendering:pixelated}'
    'table.metrics{border-collapse:collapse;margin:.5em 0}'
    'table.metrics td,table.metrics th{padding:.1em 1em;text-align:left;'
    'border-bottom:1px solid #ddd}'
    'code{background:#f4f4f4;padding:0 .2em}'
    'nav a{margin-right:.5em}'
)


def url(path):
    """``path`` (relative, with ``/``) as the value of a ``src`` or ``href``: percent-encoded,
    so that ``#``, ``%``, ``?`` or spaces in file names do not break the link."""
    return html.escape(quote(path, safe='/'), quote=True)


def text(value):
    """``value`` as HTML text."""
    return html.escape(str(value))


def page(title, body, style=''):
    """A complete HTML page: ``title``, ``body`` (HTML), and ``style`` after the base style."""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{text(title)}</title><style>{BASE_STYLE}{style}</style></head>'
            f'<body>{body}</body></html>\n')


def metrics_table(scores, caption=None):
    """A two-column table of ``name -> value`` scores (4 significant digits)."""
    rows = ''.join(f'<tr><td>{text(name)}</td><td>{_number(value)}</td></tr>'
                   for name, value in scores.items())
    head = f'<caption>{text(caption)}</caption>' if caption else ''
    return (f'<table class="metrics">{head}<tr><th>metric</th><th>value</th></tr>{rows}'
            '</table>')


def _number(value):
    return f'{value:.4g}' if isinstance(value, (int, float)) else text(value)
