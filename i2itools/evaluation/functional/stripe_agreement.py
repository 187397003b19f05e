"""How well a translated ``synth_stripes`` image agrees with its true counterpart.

The true counterpart is computed from the input's own pixels by the data's rule
(:mod:`i2itools.datasets.synthetic.stripe_rule`): A -> B paints the dark rows of every shape in
the dark tone, B -> A paints them back. A generated image is then scored on three things:

* ``L1``: mean absolute difference to the true image, on the [0, 1] scale;
* ``mask_IoU``: IoU of the generated shapes (pixels nearer some shape colour, light or dark,
  than the background) with the true image's shapes (its pixels that are not the background);
* ``texture``: over the true image's shape pixels, the share whose tone is right. A generated
  pixel is *dark* when it is nearer (Euclidean RGB) the dark tone of the true pixel's palette
  colour than that colour itself, *light* otherwise (ties too); it is right when the true pixel
  has the same tone. So stripes are added correctly (A -> B: dark on the dark rows, light on
  the others) or removed correctly (B -> A: light everywhere). Only the tone counts: colour is
  L1's job, shape coverage IoU's (a shape pixel painted as background counts as light).
"""
import numpy as np

from i2itools.datasets.synthetic.stripe_rule import (BACKGROUND, DARK_PALETTE, PALETTE,
                                                     plain_image, stripe_image)
from i2itools.evaluation.functional.shape_mode_scores import mask_iou

#: direction -> the rule that makes the true target from the input
TRUE_TARGET_RULES = {'AtoB': stripe_image, 'BtoA': plain_image}
#: direction -> the colours an input image of that direction's source domain is made of
SOURCE_COLOURS = {'AtoB': np.concatenate([BACKGROUND[None], PALETTE]),
                  'BtoA': np.concatenate([BACKGROUND[None], PALETTE, DARK_PALETTE])}
#: every colour synth_stripes paints; index 0 is the background
ALL_COLOURS = SOURCE_COLOURS['BtoA'].astype(np.float64)


def true_target(source, direction):
    """The true counterpart of ``source``, an (H, W, 3) uint8 image of the direction's input
    domain, as the whole image the generator made it (any resize or crop breaks the rule)."""
    if direction not in TRUE_TARGET_RULES:
        raise ValueError(f"direction must be one of {sorted(TRUE_TARGET_RULES)}, got "
                         f'{direction!r}')
    source = np.asarray(source)
    if source.dtype != np.uint8 or source.ndim != 3 or source.shape[2] != 3:
        raise ValueError(f'the source must be an H x W x 3 uint8 RGB image, got {source.dtype} '
                         f'of shape {source.shape}')
    known = (source[:, :, None, :] == SOURCE_COLOURS[direction]).all(axis=3).any(axis=2)
    if not known.all():
        domain = direction[0]
        raise ValueError(
            f'{(~known).sum()} of {known.size} pixels of the {direction} source are not colours '
            f'of synth_stripes domain {domain}, so its true target cannot be computed. The '
            'source must be a synth_stripes image of that domain at the size it was generated '
            'at, neither resized nor cropped (a test_pipeline without Resize/RandomCrop), and '
            'the direction must match the source domain')
    return TRUE_TARGET_RULES[direction](source)


def shape_mask(image):
    """(H, W) bool: the pixels of an (H, W, 3) RGB image nearer a shape colour than the
    background, among every colour synth_stripes paints."""
    distances = np.linalg.norm(np.asarray(image, np.float64)[:, :, None] - ALL_COLOURS, axis=3)
    return distances.argmin(axis=2) != 0


def texture_score(pred, truth):
    """Share of ``truth``'s shape pixels where ``pred`` has the tone (dark / light) of ``truth``;
    see the module docstring. ``truth`` holds exact synth_stripes colours."""
    truth = np.asarray(truth)
    shades = np.concatenate([PALETTE, DARK_PALETTE])
    index = (truth[:, :, None, :] == shades).all(axis=3).argmax(axis=2)
    inside = shape_mask(truth)
    if not inside.any():
        raise ValueError('texture_score: the true image has no shape pixels to score')
    colour = index[inside] % len(PALETTE)
    true_dark = index[inside] >= len(PALETTE)
    pixels = np.asarray(pred, np.float64)[inside]
    pred_dark = (np.linalg.norm(pixels - DARK_PALETTE[colour], axis=1)
                 < np.linalg.norm(pixels - PALETTE[colour], axis=1))
    return float((pred_dark == true_dark).mean())


def stripe_agreement(source, pred, direction):
    """``dict(L1, mask_IoU, texture)`` of ``pred`` (H, W, 3 RGB, 0-255 floats) against the true
    target of ``source`` (H, W, 3 uint8) in ``direction`` ('AtoB' or 'BtoA')."""
    truth = true_target(source, direction)
    pred = np.asarray(pred, np.float64)
    if pred.shape != truth.shape:
        raise ValueError(f'the prediction has shape {pred.shape}, its source {truth.shape}')
    return dict(L1=float(np.abs(pred - truth).mean() / 255),
                mask_IoU=mask_iou(shape_mask(pred), shape_mask(truth)),
                texture=texture_score(pred, truth))
