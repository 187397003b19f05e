"""Reads an HTML page as a browser would resolve it: its images, links and texts (no browser)."""
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PageParser(HTMLParser):
    """Collects the ``src`` of images (with their other attributes), the ``href`` of links, the
    text of table headers and of every element."""

    def __init__(self):
        super().__init__()
        self.images, self.links, self.headers, self.texts = [], [], [], []
        self._in_header = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'img':
            self.images.append(attrs)
        elif tag == 'a' and 'href' in attrs:
            self.links.append(attrs['href'])
        self._in_header = tag == 'th'

    def handle_endtag(self, tag):
        if tag == 'th':
            self._in_header = False

    def handle_data(self, data):
        if data.strip():
            self.texts.append(data.strip())
            if self._in_header:
                self.headers.append(data.strip())


def parse_page(path):
    """A :class:`PageParser` fed with the page at ``path``."""
    parser = PageParser()
    parser.feed(Path(path).read_text(encoding='utf-8'))
    return parser


def local_file(page, reference):
    """The file a relative ``src``/``href`` of ``page`` points to, decoded as a browser does."""
    parts = urlsplit(reference)
    assert not parts.scheme and not parts.query and not parts.fragment, \
        f'{reference!r}: not a plain relative link (an unencoded "#", "?" or ":")'
    return Path(page).parent / unquote(parts.path)
