"""Run a dataset's PIL pipeline on images of any bit depth and channel count, and make tensors.

The paired transforms work on lists of PIL images and apply one random draw to the whole list.
8-bit grey and RGB images go in as one 'L' or 'RGB' image each, the reference's images (so
results match it bit for bit, and custom transforms see what they expect). PIL has no 16-bit
colour or plain 4-channel mode (its RGBA resize premultiplies alpha), so other images go in as
one single-channel image per channel: 'L' for 8 bits, 'F' (float) for 16 bits, resampled
without rounding and rounded once at the end.
"""
import numpy as np
import torch
from PIL import Image

from .image_folder import DatasetError

#: the largest value of each integer image type
TOP = {np.dtype(np.uint8): 255, np.dtype(np.uint16): 65535}


def to_pil_images(pixels):
    """H x W x C uint8/uint16 pixels as the list of PIL images the transforms run on."""
    if pixels.dtype == np.uint8 and pixels.shape[2] in (1, 3):
        return [Image.fromarray(pixels[:, :, 0] if pixels.shape[2] == 1 else pixels)]
    if pixels.dtype == np.uint8:
        return [Image.fromarray(np.ascontiguousarray(pixels[:, :, c])) for c in
                range(pixels.shape[2])]
    return [Image.fromarray(pixels[:, :, c].astype(np.float32)) for c in range(pixels.shape[2])]


def to_tensor(images, dtype):
    """The PIL images of one picture (from :func:`to_pil_images`, transformed) as a C x H x W
    tensor of ``dtype``; float values are rounded and clipped to its range."""
    planes = [np.asarray(img) for img in images]
    array = np.concatenate([p[:, :, None] if p.ndim == 2 else p for p in planes], axis=2)
    if array.dtype != dtype:
        array = np.clip(np.rint(array), 0, TOP[np.dtype(dtype)]).astype(dtype)
    return torch.from_numpy(np.ascontiguousarray(array)).permute(2, 0, 1).contiguous()


def transform_image(pipeline, pixels, path):
    """``pixels`` of the file ``path`` through ``pipeline``, as a C x H x W tensor."""
    return to_tensor(pipeline(to_pil_images(pixels), path), pixels.dtype)


def transform_pair(pipeline, a, b, where):
    """A and B pixels through ``pipeline`` together (one random crop and flip for both), as two
    C x H x W tensors; ``where`` names the file(s) for messages, e.g. 'a.png | b.png'."""
    a_images, b_images = to_pil_images(a), to_pil_images(b)
    images = pipeline([*a_images, *b_images], where)
    a_out, b_out = images[:len(a_images)], images[len(a_images):]
    if a_out[0].size != b_out[0].size:
        raise DatasetError(
            f"'{where}': after the pipeline A is {a_out[0].size[0]}x{a_out[0].size[1]} but B is "
            f'{b_out[0].size[0]}x{b_out[0].size[1]}; every transform must treat A and B alike, '
            f'and A and B files of different sizes need a Resize first ({pipeline!r}).')
    return to_tensor(a_out, a.dtype), to_tensor(b_out, b.dtype)
