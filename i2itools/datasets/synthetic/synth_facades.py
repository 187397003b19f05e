"""``synth_facades``: procedural label map -> facade picture pairs, the built-in default data.

Each image is drawn from its own random stream, seeded by (seed, split, index), so an image does
not depend on which others were made, in which order or in which process. A layout is a grid of
floors and columns with random proportions: sky above, a wall, optional pillars, a roof cornice
and optional ledges between floors, a window per cell, balconies on some floors, a door on the
ground floor. The label image A colours each class with its :data:`LABEL_PALETTE` colour; the
picture B is :func:`render_facade` of the class map plus small integer noise.
"""
import os
import zlib

import numpy as np
from PIL import Image

from .facade_classes import CLASS_INDEX, classes_to_labels, render_facade
from .generator_args import check_generator_args

SPLITS = ('train', 'val', 'test')
#: half-width of each of the two uniform integers summed into the per-pixel noise of B
NOISE = 1

SKY, WALL, WINDOW, DOOR, BALCONY, CORNICE, PILLAR = (
    CLASS_INDEX[n] for n in ('sky', 'wall', 'window', 'door', 'balcony', 'cornice', 'pillar'))


def image_streams(seed, split, index):
    """Two independent generators (layout, noise) for one image, from (seed, split, index)."""
    entropy = [int(seed), zlib.crc32(split.encode()), int(index)]
    layout, noise = np.random.SeedSequence(entropy).spawn(2)
    return np.random.default_rng(layout), np.random.default_rng(noise)


def _px(length):
    """A length in whole pixels, at least one."""
    return max(1, int(length))


def facade_layout(rng, size):
    """A (size, size) uint8 class map of one random facade."""
    classes = np.full((size, size), SKY, dtype=np.uint8)
    floor_edges, col_edges = _draw_structure(classes, rng)
    _draw_openings(classes, rng, floor_edges, col_edges)
    return classes


def _draw_structure(classes, rng):
    """Wall, roof cornice, pillars and ledges; returns the floor and column edges."""
    size = classes.shape[0]
    x0 = _px(rng.uniform(0, 0.12) * size) if rng.random() < 0.5 else 0
    x1 = size - (_px(rng.uniform(0, 0.12) * size) if rng.random() < 0.5 else 0)
    top = _px(rng.uniform(0.03, 0.2) * size)
    classes[top:, x0:x1] = WALL
    roof = _px(rng.uniform(0.025, 0.05) * size)
    classes[top:top + roof, x0:x1] = CORNICE

    n_floors, n_cols = int(rng.integers(3, 7)), int(rng.integers(2, 7))
    weights = rng.uniform(0.85, 1.15, n_floors)
    weights[-1] *= 1.2  # a taller ground floor
    floor_edges = top + roof + np.rint(np.cumsum(np.r_[0, weights]) / weights.sum()
                                       * (size - top - roof)).astype(int)
    col_edges = np.rint(np.linspace(x0, x1, n_cols + 1)).astype(int)

    pillar_w = _px(0.025 * size)
    pillar_edges = col_edges if rng.random() < 0.35 else col_edges[[0, -1]]
    if rng.random() < 0.5:
        for x in pillar_edges:
            px = min(max(x - pillar_w // 2, x0), x1 - pillar_w)
            classes[top + roof:, px:px + pillar_w] = PILLAR
    if rng.random() < 0.5:
        ledge = _px(0.012 * size)
        for y in floor_edges[1:-1]:
            classes[y - ledge:y, x0:x1] = CORNICE
    return floor_edges, col_edges


def _draw_openings(classes, rng, floor_edges, col_edges):
    """A window per cell (now and then none), balconies on some floors, a ground-floor door."""
    x0, x1 = col_edges[0], col_edges[-1]
    win_w, win_h, win_top = rng.uniform(0.35, 0.65), rng.uniform(0.4, 0.7), rng.uniform(0.12, 0.3)
    door_col = int(rng.integers(len(col_edges) - 1))
    windows, balconies = [], []
    for floor, (fy0, fy1) in enumerate(zip(floor_edges[:-1], floor_edges[1:])):
        ground = floor == len(floor_edges) - 2
        with_balcony = not ground and rng.random() < 0.35
        for col, (cx0, cx1) in enumerate(zip(col_edges[:-1], col_edges[1:])):
            cw, fh, cx = cx1 - cx0, fy1 - fy0, (cx0 + cx1) // 2
            if ground and col == door_col:
                dw = _px(cw * rng.uniform(0.4, 0.6))
                classes[fy0 + _px(0.2 * fh):fy1, cx - dw // 2:cx - dw // 2 + dw] = DOOR
                continue
            if rng.random() < 0.06:  # a blind cell
                continue
            ww, wh = _px(cw * win_w), _px(fh * (win_h + 0.1 * ground))
            wx, wy = cx - ww // 2, fy0 + int(fh * win_top)
            windows.append((wy, wy + wh, wx, wx + ww))
            if with_balcony and rng.random() < 0.7:
                reach = int(0.15 * ww)
                bottom = min(fy1, wy + wh + _px(0.05 * fh))
                balconies.append((bottom - _px(0.35 * wh), bottom,
                                  max(x0, wx - reach), min(x1, wx + ww + reach)))
    # balconies go in front of the windows they belong to
    for value, boxes in ((WINDOW, windows), (BALCONY, balconies)):
        for y0, y1, bx0, bx1 in boxes:
            classes[y0:y1, bx0:bx1] = value


def synth_facade_pair(seed, split, index, size=256):
    """One pair: (label image A, picture B, class map), uint8 arrays (size, size[, 3])."""
    layout_rng, noise_rng = image_streams(seed, split, index)
    classes = facade_layout(layout_rng, size)
    noise = noise_rng.integers(-NOISE, NOISE + 1, (2, size, size, 3), dtype=np.int8).sum(
        axis=0, dtype=np.int16)
    picture = np.clip(render_facade(classes).astype(np.int16) + noise, 0, 255).astype(np.uint8)
    return classes_to_labels(classes), picture, classes


def generate_synth_facades(root, size=256, num_train=400, num_val=100, num_test=100, seed=0):
    """Write ``root/{train,val,test}/{index:04d}.png``, each the A|B pair side by side.

    Returns a dict split -> number of images written. A split with 0 images is not created.
    """
    counts = check_generator_args('synth_facades', size, 16,
                                  dict(zip(SPLITS, (num_train, num_val, num_test))))
    for split, count in counts.items():
        if not count:
            continue
        folder = os.path.join(root, split)
        os.makedirs(folder, exist_ok=True)
        digits = max(4, len(str(count - 1)))
        for index in range(count):
            label, picture, _ = synth_facade_pair(seed, split, index, size)
            Image.fromarray(np.concatenate([label, picture], axis=1)).save(
                os.path.join(folder, f'{index:0{digits}d}.png'), compress_level=1)
    return {split: count for split, count in counts.items() if count}
