"""Tensors in [-1, 1] to 8-bit images, the way the reference writes its results, or to 16-bit."""
import numpy as np


def tensor_to_uint8(image):
    """C x H x W tensor in [-1, 1] -> H x W x 3 uint8 array (grey repeated to RGB).

    Like the reference ``tensor2im``: ``(x + 1) / 2 * 255`` rounded down.
    """
    image = image.detach().float().cpu().clamp(-1, 1)
    if image.shape[0] == 1:
        image = image.repeat(3, 1, 1)
    array = ((image.numpy().transpose(1, 2, 0) + 1) / 2.0 * 255.0)
    return array.astype(np.uint8)


def tensor_to_uint16(image):
    """C x H x W tensor in [-1, 1] -> H x W (one channel) or H x W x C uint16 array.

    ``(x + 1) / 2 * 65535`` rounded to the nearest integer, not down as the reference's 8 bits:
    that inverts the data preprocessor's ``v / 32767.5 - 1``, so 16-bit data comes back as it was.
    """
    image = image.detach().double().cpu().clamp(-1, 1)
    array = np.rint((image.numpy().transpose(1, 2, 0) + 1) * 32767.5).astype(np.uint16)
    return array[:, :, 0] if array.shape[2] == 1 else array


def grid_of_rows(rows):
    """Tile a list of rows, each a list of equally tall H x W x 3 uint8 images, into one image."""
    height = max(img.shape[0] for row in rows for img in row)
    width = max(sum(img.shape[1] for img in row) for row in rows)
    canvas = np.zeros((height * len(rows), width, 3), dtype=np.uint8)
    for r, row in enumerate(rows):
        x = 0
        for img in row:
            canvas[r * height:r * height + img.shape[0], x:x + img.shape[1]] = img
            x += img.shape[1]
    return canvas


def batch_rows(visuals, keys, max_rows):
    """One row per sample of a dict of batched tensors, columns in ``keys`` order."""
    size = min(len(visuals[keys[0]]), max_rows)
    return [[tensor_to_uint8(visuals[k][i]) for k in keys] for i in range(size)]



