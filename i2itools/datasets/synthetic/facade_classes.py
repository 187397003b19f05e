"""The classes of the synthetic facades, their label colours, and the renderer of their textures.

This module is the single source of truth for ``synth_facades``: the generator, the dataset and
the ground-truth metrics all read :data:`FACADE_CLASSES`. A picture is a pure function of the
class map, :func:`render_facade`, plus a little seeded noise; so the exact noiseless target of any
label image can be recomputed with ``render_facade(labels_to_classes(label_image))``.

Textures use only integer and ``+ - * /`` arithmetic (no sin, exp or random draws), so the
render is bit-identical on every platform. Each texture is computed from the pixel's position
and from its distances to the edges of its region (the run of same-class pixels through it,
left / right / up / down), so a window has a frame and mullions wherever it is drawn.
"""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FacadeClass:
    """One class of the synthetic facades.

    Attributes:
        index (int): value in the class map.
        name (str): e.g. 'window'.
        label_color (tuple[int, int, int]): its RGB colour in the label image (A).
        base_color (tuple[int, int, int]): the RGB colour its texture modulates in the picture (B).
        texture (str): key of its texture function in :data:`TEXTURES`.
    """
    index: int
    name: str
    label_color: tuple
    base_color: tuple
    texture: str


#: the class table: index, name, label colour (A), base colour and texture of the render (B)
FACADE_CLASSES = (
    FacadeClass(0, 'sky', (0, 0, 170), (128, 176, 224), 'sky_gradient'),
    FacadeClass(1, 'wall', (0, 85, 255), (168, 104, 76), 'bricks'),
    FacadeClass(2, 'window', (0, 255, 255), (56, 84, 112), 'framed_glass'),
    FacadeClass(3, 'door', (255, 170, 0), (112, 72, 40), 'wood_planks'),
    FacadeClass(4, 'balcony', (170, 255, 85), (72, 72, 80), 'railing_bars'),
    FacadeClass(5, 'cornice', (255, 85, 0), (216, 204, 184), 'ledge'),
    FacadeClass(6, 'pillar', (255, 0, 0), (196, 188, 172), 'fluting'),
)
#: the label colours as a (num_classes, 3) uint8 array, row i for class index i
LABEL_PALETTE = np.array([c.label_color for c in FACADE_CLASSES], dtype=np.uint8)
CLASS_INDEX = {c.name: c.index for c in FACADE_CLASSES}


@dataclass
class RegionPixels:
    """Where the pixels of one class lie: flat arrays over those pixels only."""
    y: np.ndarray
    x: np.ndarray
    left: np.ndarray   # run length of the class ending at this pixel, going left (>= 1)
    right: np.ndarray
    up: np.ndarray
    down: np.ndarray
    height: int        # of the whole image
    unit: float        # pixels per texture unit: image size / 256

    def length(self, n, minimum=1):
        """``n`` texture units in pixels at this image size."""
        return max(minimum, int(n * self.unit + 0.5))

    def edge(self):
        return np.minimum(np.minimum(self.left, self.right), np.minimum(self.up, self.down))


def _shade(base, factor):
    return np.asarray(base, dtype=np.float64)[None, :] * np.asarray(factor, np.float64)[:, None]


def _sky_gradient(base, p):
    # lighter towards the top of the image
    lift = 0.35 * (1 - p.y / max(1, p.height - 1))
    return _shade(base, 1 - lift) + 255 * lift[:, None]


def _bricks(base, p):
    brick_h, brick_w = p.length(8, 2), p.length(20, 2)
    row = p.y // brick_h
    shifted = p.x + (row % 2) * (brick_w // 2)
    col = shifted // brick_w
    tone = ((row * 73 + col * 151) * 2654435761 % 4294967296) >> 28  # 0..15, fixed per brick
    color = _shade(base, 0.86 + 0.02 * tone)
    mortar = (p.y % brick_h == 0) | (shifted % brick_w == 0)
    color[mortar] = 0.4 * np.asarray(base) + 0.6 * 216
    return color


def _framed_glass(base, p):
    frame, bar = p.length(3), p.length(2)
    # darker towards the bottom, with diagonal reflections
    color = _shade(base, 1.25 - 0.5 * p.up / (p.up + p.down))
    color[(p.x + p.y) % p.length(24, 2) < p.length(4)] += 28
    cross = (np.abs(p.left - p.right) < bar) | (np.abs(p.up - p.down) < bar)
    color[(p.edge() <= frame) | cross] = (232, 228, 216)
    return color


def _wood_planks(base, p):
    plank = p.length(8, 2)
    phase = (p.x % plank) / plank
    color = _shade(base, 0.8 + 0.3 * np.abs(2 * phase - 1))
    color[p.x % plank == 0] = 0.5 * np.asarray(base)
    frame = np.minimum(np.minimum(p.left, p.right), p.up) <= p.length(2)
    color[frame] = 0.65 * np.asarray(base)
    return color


def _railing_bars(base, p):
    period = p.length(6, 3)
    bars = (p.up - 1) % period < max(1, period // 3)
    color = _shade(base, np.where(bars, 1.0, 0.45))
    color[p.up <= p.length(2)] = 1.4 * np.asarray(base)
    return color


def _ledge(base, p):
    # lit from above: bright top, shadowed bottom, a row of dentils in the lower third
    color = _shade(base, 1.12 - 0.42 * p.up / (p.up + p.down))
    dentils = (3 * p.down <= p.up + p.down) & (p.x % p.length(8, 2) < p.length(4))
    color[dentils] *= 0.7
    return color


def _fluting(base, p):
    across = np.abs(2 * p.left / (p.left + p.right + 1) - 1)  # 0 at the middle, ~1 at the sides
    color = _shade(base, 1.05 - 0.35 * across)
    color[p.left % p.length(6, 2) == 0] *= 0.75
    return color


#: texture name -> function(base_color, RegionPixels) -> (N, 3) float RGB
TEXTURES = {
    'sky_gradient': _sky_gradient,
    'bricks': _bricks,
    'framed_glass': _framed_glass,
    'wood_planks': _wood_planks,
    'railing_bars': _railing_bars,
    'ledge': _ledge,
    'fluting': _fluting,
}


def _runs_leftward(classes):
    """For each pixel, how many same-class pixels there are from it leftwards, itself included."""
    h, w = classes.shape
    columns = np.broadcast_to(np.arange(w, dtype=np.int32), (h, w))
    starts = np.ones((h, w), dtype=bool)
    starts[:, 1:] = classes[:, 1:] != classes[:, :-1]
    return columns - np.maximum.accumulate(np.where(starts, columns, np.int32(0)), axis=1) + 1


def region_runs(classes):
    """Run lengths (left, right, up, down) of same-class pixels through every pixel."""
    left = _runs_leftward(classes)
    right = _runs_leftward(classes[:, ::-1])[:, ::-1]
    up = _runs_leftward(classes.T).T
    down = _runs_leftward(classes.T[:, ::-1])[:, ::-1].T
    return left, right, up, down


def render_facade(classes):
    """The noiseless picture of a class map: (H, W) ints -> (H, W, 3) uint8 RGB."""
    classes = np.asarray(classes)
    h, w = classes.shape
    flat = classes.ravel()
    if flat.min() < 0 or flat.max() >= len(FACADE_CLASSES):
        raise ValueError(f'class indices must be in [0, {len(FACADE_CLASSES) - 1}], got '
                         f'[{flat.min()}, {flat.max()}]')
    # the pixels of each class, as runs of one sorted index array
    by_class = np.argsort(flat, kind='stable')
    ends = np.cumsum(np.bincount(flat, minlength=len(FACADE_CLASSES)))
    runs = [r.ravel() for r in region_runs(classes)]
    out = np.empty((h * w, 3), dtype=np.float64)
    for cls, start, end in zip(FACADE_CLASSES, np.r_[0, ends[:-1]], ends):
        if start < end:
            idx = by_class[start:end]
            pixels = RegionPixels(*np.divmod(idx, w), *(r[idx] for r in runs),
                                  height=h, unit=max(h, w) / 256)
            out[idx] = TEXTURES[cls.texture](cls.base_color, pixels)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8).reshape(h, w, 3)


def classes_to_labels(classes):
    """Class map (H, W) -> label image (H, W, 3) uint8 in :data:`LABEL_PALETTE` colours."""
    return LABEL_PALETTE[np.asarray(classes)]


def labels_to_classes(labels, strict=True):
    """Label image (H, W, 3) -> class map (H, W) uint8, by palette look-up.

    With ``strict`` every pixel must be exactly a palette colour (raises ``ValueError`` naming
    the first stray colour otherwise); without it each pixel takes its nearest palette colour,
    which suits a generated (approximate) label image.
    """
    labels = np.asarray(labels)
    if labels.ndim != 3 or labels.shape[2] != 3:
        raise ValueError(f'a label image must be H x W x 3 RGB, got shape {labels.shape}')
    if not strict:
        dist = ((labels[:, :, None, :].astype(np.int32) - LABEL_PALETTE.astype(np.int32)) ** 2)
        return dist.sum(axis=3).argmin(axis=2).astype(np.uint8)
    keys = _colour_keys(labels)
    palette_keys = _colour_keys(LABEL_PALETTE)
    order = np.argsort(palette_keys)
    pos = np.clip(np.searchsorted(palette_keys[order], keys), 0, len(order) - 1)
    found = palette_keys[order][pos] == keys
    if not found.all():
        stray = labels[~found][0]
        raise ValueError(f'label colour {tuple(int(v) for v in stray)} is not in the '
                         'synth_facades palette (FACADE_CLASSES); pass strict=False to map '
                         'each pixel to its nearest class colour')
    return order[pos].astype(np.uint8)


def _colour_keys(rgb):
    rgb = rgb.astype(np.int64)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
