"""The ground-truth rule of ``synth_stripes``: plain shapes (A) <-> the same shapes striped (B).

This module is the single source of truth for ``synth_stripes``: the generator and any metric
that needs the true target read it. A layout (:class:`ShapeLayout`) is drawn in domain A by
:func:`render_plain` and in domain B by :func:`render_striped`; both paint the same pixels, and
differ only in the colour of the pixels of a shape that lie on a dark stripe row:

* background: :data:`BACKGROUND` everywhere, in both domains;
* a shape of palette colour ``c`` is filled with ``c`` in A; in B the rows ``y`` with
  ``y % period >= period // 2`` (:func:`dark_rows`) take the darker tone ``c // 2``
  (:data:`DARK_PALETTE`), the other rows keep ``c``;
* ``period = stripe_period(size)``: 16 pixels at 256, scaled with the image side.

Stripes are horizontal, phased from the top row: a left-right flip (the training pipelines'
only flip) leaves them unchanged, which a diagonal pattern would not. The rule is a function of
the pixels alone, so :func:`stripe_image` and :func:`plain_image` map any image of one domain to
its true counterpart without its layout; all colours involved are distinct so both are exact.
"""
from dataclasses import dataclass

import numpy as np

#: the shapes a layout draws from
SHAPES = ('circle', 'square', 'triangle', 'diamond')
#: RGB fill colours of the shapes, row i for colour index i
PALETTE = np.array([
    (214, 48, 49),    # red
    (240, 140, 20),   # orange
    (236, 200, 30),   # yellow
    (46, 160, 67),    # green
    (41, 98, 200),    # blue
    (142, 68, 173),   # purple
], dtype=np.uint8)
#: the tone each colour alternates with in its stripes: the colour at half brightness
DARK_PALETTE = PALETTE // 2
#: plain light background of both domains
BACKGROUND = np.array((238, 234, 224), dtype=np.uint8)
#: stripe period in pixels of a 256-pixel image (half shape colour, half dark tone)
STRIPE_PERIOD_256 = 16


def stripe_period(size):
    """Stripe period in pixels for an image of side ``size``: even, at least 2."""
    return max(2, 2 * int(round(STRIPE_PERIOD_256 / 2 * size / 256)))


def dark_rows(height, period):
    """(height,) bool: the rows painted in the dark tone inside a striped shape."""
    return np.arange(height) % period >= period // 2


@dataclass(frozen=True)
class Shape:
    """One filled shape: its kind (in :data:`SHAPES`), centre and radius in pixels, colour index
    into :data:`PALETTE`."""
    kind: str
    cx: float
    cy: float
    radius: float
    color: int

    def mask(self, ys, xs):
        """Which of the pixels with centres (ys + 0.5, xs + 0.5) the shape covers."""
        dx, dy = xs + 0.5 - self.cx, ys + 0.5 - self.cy
        r = self.radius
        if self.kind == 'circle':
            return dx * dx + dy * dy <= r * r
        if self.kind == 'square':  # side r * sqrt(2): the square inscribed in the circle
            half = r * 0.7071
            return (np.abs(dx) <= half) & (np.abs(dy) <= half)
        if self.kind == 'diamond':
            return np.abs(dx) + np.abs(dy) <= r
        if self.kind == 'triangle':  # pointing up, inscribed in the circle
            return (dy <= r / 2) & (np.sqrt(3) * np.abs(dx) - dy <= r)
        raise ValueError(f'unknown shape {self.kind!r}; known: {", ".join(SHAPES)}')


@dataclass(frozen=True)
class ShapeLayout:
    """A ``size`` x ``size`` picture: shapes painted in order on the background."""
    size: int
    shapes: tuple

    def color_map(self):
        """(size, size) int map: each pixel's palette index, -1 for the background."""
        out = np.full((self.size, self.size), -1, dtype=np.int16)
        for shape in self.shapes:
            y0, x0 = (max(0, int(c - shape.radius) - 1) for c in (shape.cy, shape.cx))
            y1, x1 = (min(self.size, int(c + shape.radius) + 2) for c in (shape.cy, shape.cx))
            ys, xs = np.mgrid[y0:y1, x0:x1]
            out[y0:y1, x0:x1][shape.mask(ys, xs)] = shape.color
        return out


def random_layout(rng, size, max_shapes=4, tries=20):
    """1 to ``max_shapes`` shapes of random kind, size, place and colour that do not overlap
    (their bounding circles are apart); a shape that finds no free place in ``tries`` is left
    out, but the first always fits. ``rng`` is a numpy Generator."""
    count = int(rng.integers(1, max_shapes + 1))
    shapes = []
    for _ in range(count):
        for _ in range(tries):
            radius = max(2.0, rng.uniform(0.08, 0.2) * size)
            cx, cy = rng.uniform(radius, size - radius, 2)
            if all((cx - s.cx) ** 2 + (cy - s.cy) ** 2 > (radius + s.radius + 1) ** 2
                   for s in shapes):
                kind = SHAPES[int(rng.integers(len(SHAPES)))]
                shapes.append(Shape(kind, float(cx), float(cy), float(radius),
                                    int(rng.integers(len(PALETTE)))))
                break
    return ShapeLayout(size, tuple(shapes))


def _paint(color_map, palette):
    out = np.broadcast_to(BACKGROUND, color_map.shape + (3,)).copy()
    inside = color_map >= 0
    out[inside] = palette[color_map[inside]]
    return out


def render_plain(layout):
    """Domain A: the layout's shapes in plain colours, (size, size, 3) uint8."""
    return _paint(layout.color_map(), PALETTE)


def render_striped(layout):
    """Domain B: the layout's shapes with horizontal stripes, (size, size, 3) uint8."""
    color_map = layout.color_map()
    out = _paint(color_map, PALETTE)
    dark = (color_map >= 0) & dark_rows(layout.size, stripe_period(layout.size))[:, None]
    out[dark] = DARK_PALETTE[color_map[dark]]
    return out


def _recolour(image, source, target, rows):
    """Replace the pixels of ``image`` in ``rows`` that equal ``source[i]`` by ``target[i]``."""
    image = np.asarray(image, dtype=np.uint8)
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f'expected an H x W x 3 RGB image, got shape {image.shape}')
    out = image.copy()
    for src, dst in zip(source, target):
        hit = (image == src).all(axis=2) & rows[:, None]
        out[hit] = dst
    return out


def stripe_image(plain, period=None):
    """The true B of a domain-A image: palette-coloured pixels on dark rows take their dark tone.

    ``period`` defaults to :func:`stripe_period` of the image's larger side. Pixels of other
    colours (background, anything not in :data:`PALETTE`) are kept.
    """
    plain = np.asarray(plain)
    period = period or stripe_period(max(plain.shape[:2]))
    return _recolour(plain, PALETTE, DARK_PALETTE, dark_rows(plain.shape[0], period))


def plain_image(striped, period=None):
    """The true A of a domain-B image: dark-tone pixels take their palette colour back.

    Only the dark rows are changed, as only they hold dark tones in a striped image.
    """
    striped = np.asarray(striped)
    period = period or stripe_period(max(striped.shape[:2]))
    return _recolour(striped, DARK_PALETTE, PALETTE, dark_rows(striped.shape[0], period))
