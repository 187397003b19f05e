"""The ground-truth rule of ``synth_shapes``: outlines (A) -> shapes filled in one of K colours (B).

This module is the single source of truth for ``synth_shapes``: the generator and the metrics
that score a multimodal model read it. A layout (:class:`ShapesLayout`, 1 to 3 separate shapes)
and a mode (an index into :data:`MODE_PALETTE`) make one pair, :func:`render`:

* A (:func:`render_edges`): black (:data:`EDGE_COLOR`) outlines on white (:data:`PAPER`), no
  fill. The outline is the band of pixels inside a shape within :func:`outline_width` of its
  edge: 1 pixel at 64, 3 at 256. A never depends on the mode.
* B (:func:`render_filled`): every shape of the image filled with the same palette colour
  ``MODE_PALETTE[mode]``, shaded by a vertical brightness gradient from ``SHADE_TOP`` (x1.2) at
  the shape's top to ``SHADE_BOTTOM`` (x0.8) at its bottom, on the plain
  :data:`BACKGROUND`; no outlines. Shading only scales the colour, so a pixel's hue keeps its
  mode, and it is vertical, so a left-right flip (the pipelines' only flip) keeps the rule.

The shapes of B cover exactly the pixels that A's outlines enclose (outline included), so the
shape mask of a generated B is recovered from its A alone, :func:`mask_from_edges`, and its mode
by the nearest palette colour inside that mask, :func:`recover_mode`.
"""
from dataclasses import dataclass

import numpy as np

#: the shapes a layout draws from
SHAPE_KINDS = ('circle', 'square', 'triangle', 'diamond')
#: RGB fill colour of each mode, row i for mode i; a dataset of K modes uses the first K rows.
#: Channels stay <= 212 so that the brightest shade (x1.2) never clips and keeps the hue.
MODE_PALETTE = np.array([
    (200, 40, 40),    # red
    (40, 160, 60),    # green
    (40, 80, 200),    # blue
    (210, 170, 20),   # yellow
    (140, 60, 170),   # purple
    (20, 160, 170),   # teal
    (210, 110, 20),   # orange
    (200, 60, 140),   # magenta
], dtype=np.uint8)
MODE_NAMES = ('red', 'green', 'blue', 'yellow', 'purple', 'teal', 'orange', 'magenta')
MAX_MODES = len(MODE_PALETTE)
DEFAULT_NUM_MODES = 4
#: brightness factor of the fill at the top and at the bottom of each shape in B
SHADE_TOP, SHADE_BOTTOM = 1.2, 0.8
#: plain background of B
BACKGROUND = np.array((236, 232, 222), dtype=np.uint8)
#: A: outline colour and background (grey levels, written as RGB)
EDGE_COLOR, PAPER = 0, 255
#: outline width in pixels of a 256-pixel image, scaled with the image side (at least 1)
OUTLINE_WIDTH_256 = 3


def outline_width(size):
    """Outline width in whole pixels for an image of side ``size``: 1 at 64, 3 at 256."""
    return max(1, int(round(OUTLINE_WIDTH_256 * size / 256)))


def palette(num_modes=DEFAULT_NUM_MODES):
    """The (num_modes, 3) uint8 colours of a dataset of ``num_modes`` modes."""
    if not isinstance(num_modes, int) or not 1 <= num_modes <= MAX_MODES:
        raise ValueError(f'synth_shapes num_modes must be an int from 1 to {MAX_MODES}, got '
                         f'{num_modes!r}')
    return MODE_PALETTE[:num_modes]


@dataclass(frozen=True)
class ModeShape:
    """One shape inscribed in the circle of centre (cx, cy) and ``radius`` pixels."""
    kind: str
    cx: float
    cy: float
    radius: float

    def distance(self, ys, xs):
        """Signed distance (pixels) from the pixel centres (ys + 0.5, xs + 0.5) to the shape's
        edge, <= 0 inside. It changes by at most 1 between neighbouring pixels, which is what
        makes an outline of width >= 1 closed (see :func:`mask_from_edges`)."""
        dx, dy = xs + 0.5 - self.cx, ys + 0.5 - self.cy
        r = self.radius
        if self.kind == 'circle':
            return np.hypot(dx, dy) - r
        if self.kind == 'square':  # side r * sqrt(2): the square inscribed in the circle
            return np.maximum(np.abs(dx), np.abs(dy)) - r * 0.7071
        if self.kind == 'diamond':
            return (np.abs(dx) + np.abs(dy) - r) / np.sqrt(2)
        if self.kind == 'triangle':  # pointing up: a flat base at cy + r/2, sides at 60 degrees
            return np.maximum(dy - r / 2, (np.sqrt(3) * np.abs(dx) - dy - r) / 2)
        raise ValueError(f'unknown shape {self.kind!r}; known: {", ".join(SHAPE_KINDS)}')

    def vertical_extent(self):
        """(top, bottom) y of the shape, between which B's shading runs."""
        low = {'square': 0.7071, 'triangle': 0.5}.get(self.kind, 1.0)
        high = 0.7071 if self.kind == 'square' else 1.0
        return self.cy - high * self.radius, self.cy + low * self.radius


@dataclass(frozen=True)
class ShapesLayout:
    """A ``size`` x ``size`` picture of separate shapes (their bounding circles do not meet)."""
    size: int
    shapes: tuple

    def _boxes(self):
        """Each shape with the bounding box (y0, y1, x0, x1) and pixel grids of its circle."""
        for shape in self.shapes:
            y0, x0 = (max(0, int(c - shape.radius) - 1) for c in (shape.cy, shape.cx))
            y1, x1 = (min(self.size, int(c + shape.radius) + 2) for c in (shape.cy, shape.cx))
            ys, xs = np.mgrid[y0:y1, x0:x1]
            yield shape, (slice(y0, y1), slice(x0, x1)), ys, xs

    def mask(self):
        """(size, size) bool: the pixels the shapes cover, outlines included."""
        out = np.zeros((self.size, self.size), dtype=bool)
        for shape, box, ys, xs in self._boxes():
            out[box] |= shape.distance(ys, xs) <= 0
        return out

    def outline(self):
        """(size, size) bool: the outline band of A, the shape pixels near the edge."""
        width = outline_width(self.size)
        out = np.zeros((self.size, self.size), dtype=bool)
        for shape, box, ys, xs in self._boxes():
            d = shape.distance(ys, xs)
            out[box] |= (d <= 0) & (d > -width)
        return out

    def shading(self):
        """(size, size) float: B's brightness factor, 1 outside the shapes."""
        out = np.ones((self.size, self.size))
        for shape, box, ys, xs in self._boxes():
            top, bottom = shape.vertical_extent()
            depth = np.clip((ys + 0.5 - top) / (bottom - top), 0, 1)
            inside = shape.distance(ys, xs) <= 0
            out[box][inside] = (SHADE_TOP + (SHADE_BOTTOM - SHADE_TOP) * depth)[inside]
        return out


def random_shapes_layout(rng, size, max_shapes=3, tries=30):
    """1 to ``max_shapes`` shapes of random kind, size and place whose bounding circles stay a
    gap apart and inside the image; a shape that finds no free place in ``tries`` is left out,
    but the first always fits. ``rng`` is a numpy Generator."""
    count = int(rng.integers(1, max_shapes + 1))
    gap = max(2.0, 0.04 * size)
    shapes = []
    for _ in range(count):
        for _ in range(tries):
            radius = rng.uniform(0.13, 0.24) * size
            cx, cy = rng.uniform(radius + 1, size - radius - 1, 2)
            if all(np.hypot(cx - s.cx, cy - s.cy) > radius + s.radius + gap for s in shapes):
                kind = SHAPE_KINDS[int(rng.integers(len(SHAPE_KINDS)))]
                shapes.append(ModeShape(kind, float(cx), float(cy), float(radius)))
                break
    return ShapesLayout(size, tuple(shapes))


def render_edges(layout):
    """A: the layout's outlines, black on white, (size, size, 3) uint8."""
    grey = np.where(layout.outline(), EDGE_COLOR, PAPER).astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)


def render_filled(layout, mode):
    """B: the layout's shapes filled with ``MODE_PALETTE[mode]``, shaded, (size, size, 3) uint8."""
    if not isinstance(mode, (int, np.integer)) or not 0 <= mode < MAX_MODES:
        raise ValueError(f'synth_shapes mode must be an int from 0 to {MAX_MODES - 1}, got '
                         f'{mode!r}')
    mask = layout.mask()
    out = np.broadcast_to(BACKGROUND, mask.shape + (3,)).copy()
    colour = MODE_PALETTE[mode].astype(np.float64)
    out[mask] = np.rint(layout.shading()[mask][:, None] * colour).astype(np.uint8)
    return out


def render(layout, mode):
    """The pair of ``layout`` in ``mode``: (A, B), each (size, size, 3) uint8."""
    return render_edges(layout), render_filled(layout, mode)


def _spread(reached, free, axis):
    """Extend ``reached`` along ``axis`` over every run of ``free`` pixels it touches."""
    if axis == 0:
        return _spread(reached.T, free.T, 1).T
    rows, width = free.shape
    # a run id per pixel: a new id after each blocked pixel, unique across rows
    runs = np.cumsum(~free, axis=1) + np.arange(rows)[:, None] * (width + 1)
    touched = np.zeros(rows * (width + 1) + 1, dtype=bool)
    touched[runs[reached]] = True
    return touched[runs] & free


def mask_from_edges(edges):
    """The shape mask of an A image: its outline pixels (grey < 128) and all they enclose.

    Pixels reachable from the image border through non-outline pixels (4-neighbours) are
    background; the rest is the mask. For a rendered A this is exactly ``layout.mask()``.
    """
    edges = np.asarray(edges)
    grey = edges.mean(axis=2) if edges.ndim == 3 else edges
    free = grey >= 128
    border = np.zeros_like(free)
    border[[0, -1], :] = border[:, [0, -1]] = True
    outside = border & free
    while True:
        grown = _spread(_spread(outside, free, 1), free, 0)
        if np.array_equal(grown, outside):
            return ~outside
        outside = grown


def pixel_modes(image, mask, num_modes=DEFAULT_NUM_MODES):
    """The mode of each pixel of ``image`` in ``mask``: the palette colour nearest to it at any
    brightness (the smallest distance from the pixel to the ray from black through the
    colour), so B's shading does not change it. Returns an int array over the mask's pixels."""
    colours = np.asarray(image, dtype=np.float64)[np.asarray(mask, dtype=bool)]
    rays = palette(num_modes).astype(np.float64)
    rays /= np.linalg.norm(rays, axis=1, keepdims=True)
    along = colours @ rays.T
    off_ray = (colours ** 2).sum(axis=1, keepdims=True) - np.maximum(along, 0) ** 2
    return off_ray.argmin(axis=1)


def recover_mode(image, mask, num_modes=DEFAULT_NUM_MODES):
    """(mode, agreement): the mode most pixels of ``image`` in ``mask`` vote for
    (:func:`pixel_modes`), and the share of the mask's pixels that voted for it."""
    votes = np.bincount(pixel_modes(image, mask, num_modes), minlength=num_modes)
    if not votes.sum():
        raise ValueError('recover_mode got an empty mask: no shape pixels to read a colour from')
    return int(votes.argmax()), float(votes.max() / votes.sum())
