"""The FCN-score analogue of ``synth_facades``: read the class map back from a facade picture.

The pix2pix paper scores generated photos by segmenting them with an FCN trained on real photos
and comparing the labels it finds with the input labels. ``synth_facades`` needs no trained
network: a picture is a pure function of its class map (:func:`render_facade`), and each class
paints a small set of colours (shades of its base colour, mortar, frames, ...) that no other
class paints. So a pixel's class is the class of the nearest colour (Euclidean RGB) that the
renderer gives any class. Those colours are collected from facades rendered at the image's own
size (texture periods follow the size) from layouts drawn with a seed of their own, not the
data's; the colours of the renderer's pictures are all recovered exactly, and the data's
noise (at most 2 levels per channel) moves only a few pixels of the classes whose colours
nearly meet (cornice and pillar) to the wrong side.

The scores are those of the FCN-score (Long et al.'s ``label_accuracy_score``) over a confusion
matrix summed over all test images: per-pixel accuracy, mean per-class accuracy (classes that
occur in the true labels) and mean class IoU (classes that occur in the true or the recovered
labels).
"""
from functools import lru_cache

import numpy as np

from i2itools.datasets.synthetic.facade_classes import FACADE_CLASSES, render_facade
from i2itools.datasets.synthetic.synth_facades import facade_layout

NUM_CLASSES = len(FACADE_CLASSES)
#: seed of the reference layouts, apart from the data's (its seed, split, index streams)
REFERENCE_SEED = 7
#: enough layouts that the renderer's pictures of the data's layouts are read back exactly
#: at 32-256 px; a colour none of them paints still finds its class's nearby shades
REFERENCE_LAYOUTS = 200
#: weights that make one integer of an RGB colour
COLOUR_KEY = np.array([1 << 16, 1 << 8, 1], dtype=np.int64)
#: pixels compared with the reference colours at once (bounds the distance matrix's memory)
CHUNK = 16384


@lru_cache(maxsize=8)
def reference_colours(size):
    """The colours the renderer paints at ``size`` px: ``(colours (K, 3) float64, classes (K,))``,
    each distinct colour once, with the class that paints it."""
    keys, classes = [], []
    for index in range(REFERENCE_LAYOUTS):
        class_map = facade_layout(np.random.default_rng([REFERENCE_SEED, index]), size)
        # one integer per colour, so that np.unique runs on a flat array
        layout_keys, first = np.unique(render_facade(class_map).reshape(-1, 3) @ COLOUR_KEY,
                                       return_index=True)
        keys.append(layout_keys)
        classes.append(class_map.ravel()[first])
    keys, first = np.unique(np.concatenate(keys), return_index=True)
    return _key_colours(keys), np.concatenate(classes)[first]


def _key_colours(keys):
    """The (N, 3) float64 RGB colours of integer colour keys (see :data:`COLOUR_KEY`)."""
    return ((keys[:, None] // COLOUR_KEY) % 256).astype(np.float64)


def recover_classes(image):
    """Class map (H, W) of a square facade picture (H, W, 3 RGB, 0-255; floats are rounded):
    each pixel takes the class of the nearest colour the renderer paints at that size."""
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] != 3 or image.shape[0] != image.shape[1]:
        raise ValueError(f'recover_classes reads square H x W x 3 RGB synth_facades pictures, '
                         f'got shape {image.shape}')
    pixels = np.clip(np.rint(image.astype(np.float64)), 0, 255).astype(np.int64).reshape(-1, 3)
    keys, where = np.unique(pixels @ COLOUR_KEY, return_inverse=True)
    distinct = _key_colours(keys)
    colours, classes = reference_colours(image.shape[0])
    nearest = np.concatenate([
        _nearest(distinct[start:start + CHUNK], colours)
        for start in range(0, len(distinct), CHUNK)])
    return classes[nearest][where.ravel()].reshape(image.shape[:2])


def _nearest(points, colours):
    """Index of the nearest of ``colours`` to each of ``points``."""
    distances = (points ** 2).sum(1)[:, None] - 2 * points @ colours.T + (colours ** 2).sum(1)
    return distances.argmin(axis=1)


def confusion_matrix(true, recovered):
    """(NUM_CLASSES, NUM_CLASSES) pixel counts: row = true class, column = recovered class."""
    true, recovered = np.asarray(true), np.asarray(recovered)
    if true.shape != recovered.shape:
        raise ValueError(f'the true labels have shape {true.shape}, the recovered ones '
                         f'{recovered.shape}')
    pairs = true.astype(np.int64).ravel() * NUM_CLASSES + recovered.astype(np.int64).ravel()
    return np.bincount(pairs, minlength=NUM_CLASSES ** 2).reshape(NUM_CLASSES, NUM_CLASSES)


def label_scores(confusion):
    """``dict(pixel_acc, class_acc, class_IoU)`` of a confusion matrix (see the module doc)."""
    confusion = np.asarray(confusion, dtype=np.float64)
    hits, true, recovered = np.diag(confusion), confusion.sum(1), confusion.sum(0)
    if not true.sum():
        raise ValueError('label_scores got an empty confusion matrix (no pixels)')
    union = true + recovered - hits
    return dict(pixel_acc=float(hits.sum() / true.sum()),
                class_acc=float(np.mean(hits[true > 0] / true[true > 0])),
                class_IoU=float(np.mean(hits[union > 0] / union[union > 0])))
