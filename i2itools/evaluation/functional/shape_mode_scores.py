"""Exact ground-truth scores of images generated for ``synth_shapes``, with no pretrained net.

The rule of the data (:mod:`i2itools.datasets.synthetic.shape_modes`) says what a correct B
looks like for an outline A: the shapes A encloses, every pixel one palette colour (the mode)
shaded by a brightness factor in [SHADE_BOTTOM, SHADE_TOP], on the plain BACKGROUND. So each
generated image is scored by reading its pixels:

* :func:`shaded_palette_distance`: per pixel, the distance to the nearest correct shape colour;
* :func:`realism`: the share of the true shape's pixels within ``tolerance`` of one;
* :func:`generated_mask`: pixels nearer a shape colour than the background; their IoU with the
  mask A encloses is the fidelity to the input (:func:`mask_iou`);
* the image's mode: the palette colour most of the shape's pixels vote for (``recover_mode``).
"""
import numpy as np

from i2itools.datasets.synthetic.shape_modes import (BACKGROUND, SHADE_BOTTOM, SHADE_TOP,
                                                     palette)

#: default tolerance of :func:`realism`, in 0-255 RGB units (Euclidean)
DEFAULT_TOLERANCE = 30.0


def shaded_palette_distance(pixels, num_modes):
    """(P, K) Euclidean distances from each of the (P, 3) RGB ``pixels`` to the nearest colour
    ``s * palette[k]`` with s in [SHADE_BOTTOM, SHADE_TOP] (the colours a mode k can take)."""
    pixels = np.asarray(pixels, dtype=np.float64).reshape(-1, 3)
    colours = palette(num_modes).astype(np.float64)
    best_shade = np.clip(pixels @ colours.T / (colours ** 2).sum(axis=1), SHADE_BOTTOM, SHADE_TOP)
    nearest = best_shade[:, :, None] * colours[None]
    return np.linalg.norm(pixels[:, None, :] - nearest, axis=2)


def realism(image, mask, num_modes, tolerance=DEFAULT_TOLERANCE):
    """Share of ``image``'s pixels in ``mask`` within ``tolerance`` of a colour some mode takes."""
    inside = np.asarray(image)[np.asarray(mask, dtype=bool)]
    if not len(inside):
        raise ValueError('realism got an empty mask: no shape pixels to score')
    return float((shaded_palette_distance(inside, num_modes).min(axis=1) <= tolerance).mean())


def generated_mask(image, num_modes):
    """(H, W) bool: the pixels of ``image`` nearer to a shape colour than to the background."""
    pixels = np.asarray(image, dtype=np.float64).reshape(-1, 3)
    to_shape = shaded_palette_distance(pixels, num_modes).min(axis=1)
    to_background = np.linalg.norm(pixels - BACKGROUND.astype(np.float64), axis=1)
    return (to_shape < to_background).reshape(np.asarray(image).shape[:2])


def mask_iou(mask, reference):
    """Intersection over union of two bool masks (1.0 when both are empty)."""
    mask, reference = np.asarray(mask, dtype=bool), np.asarray(reference, dtype=bool)
    union = (mask | reference).sum()
    return float((mask & reference).sum() / union) if union else 1.0


def js_divergence(counts, reference_counts):
    """Jensen-Shannon divergence (bits, 0 to 1) between two histograms given as counts."""
    p = np.asarray(counts, dtype=np.float64)
    q = np.asarray(reference_counts, dtype=np.float64)
    if p.sum() <= 0 or q.sum() <= 0:
        raise ValueError('js_divergence needs two histograms with at least one count each')
    p, q = p / p.sum(), q / q.sum()
    middle = (p + q) / 2

    def kl(a):
        used = a > 0
        return float((a[used] * np.log2(a[used] / middle[used])).sum())

    return (kl(p) + kl(q)) / 2
