"""Numpy images of any bit depth and channel count to a network's [-1, 1] tensors, and back."""
import numpy as np
import torch
from PIL import Image

#: largest value of each supported integer image type
TOPS = {np.dtype(np.uint8): 255.0, np.dtype(np.uint16): 65535.0}
BICUBIC = Image.Resampling.BICUBIC
#: ITU-R BT.601 luma weights, the usual RGB -> grey conversion (PIL's 'L' mode uses them too)
LUMA = (0.299, 0.587, 0.114)


def image_to_tensor(image, channels, where='image'):
    """H x W or H x W x C uint8/uint16 array -> 1 x ``channels`` x H x W float tensor in [-1, 1].

    Grey is repeated to RGB, RGB becomes grey by luma, an alpha channel is dropped (see
    :func:`split_alpha`); anything else is refused with a message naming ``where``.
    """
    check_mappable(image, channels, where)
    colour, _ = split_alpha(image)
    colour = colour.astype(np.float32) / TOPS[image.dtype] * 2 - 1
    if colour.shape[2] == 1 and channels == 3:
        colour = np.repeat(colour, 3, axis=2)
    elif colour.shape[2] == 3 and channels == 1:
        colour = colour @ np.array(LUMA, dtype=np.float32)[:, None]
    return torch.from_numpy(np.ascontiguousarray(colour.transpose(2, 0, 1)))[None]


#: how a value between two levels becomes a level (``--rounding`` of tools/translate.py)
ROUNDINGS = ('nearest', 'floor')


def tensor_to_image(tensor, dtype, alpha=None, rounding='nearest'):
    """C x H x W tensor in [-1, 1] -> H x W (one channel) or H x W x C array of ``dtype``.

    Values are ``(x + 1) / 2 * top``, rounded to the nearest level, or with ``rounding='floor'``
    rounded down in float32 exactly as the reference's ``tensor2im`` (``(x + 1) / 2.0 * 255.0``,
    then ``astype``), which gives its PNGs bit for bit. Nearest is the default because it is the
    inverse of :func:`image_to_tensor`: an unchanged pixel keeps its level, where rounding down
    makes about half of the pixels one level darker. ``alpha`` (the input's H x W alpha plane,
    uint8 or uint16), if given, is rescaled to ``dtype`` and appended to an RGB result, so a
    transparent input stays so.
    """
    if rounding not in ROUNDINGS:
        raise ValueError(f'rounding must be one of {ROUNDINGS}, got {rounding!r}')
    top = TOPS[np.dtype(dtype)]
    scaled = (tensor.detach().float().cpu().clamp(-1, 1).numpy() + 1) / 2.0 * top
    array = (np.rint(scaled) if rounding == 'nearest' else scaled).astype(dtype)
    array = array.transpose(1, 2, 0)
    if alpha is not None and array.shape[2] == 3:
        alpha = np.round(alpha.astype(np.float64) / TOPS[alpha.dtype] * top).astype(dtype)
        array = np.concatenate([array, alpha[..., None]], axis=2)
    return array[..., 0] if array.shape[2] == 1 else array


def split_alpha(image):
    """``(colour, alpha)``: an H x W x (1|3) array and the alpha plane (None without one)."""
    if image.ndim == 2:
        return image[..., None], None
    if image.shape[2] in (2, 4):
        return image[..., :-1], image[..., -1]
    return image, None


def check_mappable(image, channels, where='image'):
    """Raise ValueError, naming ``where``, unless :func:`image_to_tensor` can map ``image`` to
    ``channels`` channels."""
    if image.dtype not in TOPS:
        raise ValueError(f'{where}: {image.dtype} pixels; give a uint8 or uint16 image')
    if image.ndim not in (2, 3):
        raise ValueError(f'{where}: expected an H x W or H x W x C image, got shape {image.shape}')
    have = split_alpha(image)[0].shape[2]
    if have != channels and {have, channels} != {1, 3}:
        raise ValueError(f'{where}: {image.shape[2] if image.ndim == 3 else 1} channels cannot be '
                         f'mapped to the {channels} input channels of the model (grey, grey + '
                         'alpha, RGB and RGBA map to 1 or 3 channels)')


def resize_like_reference(image, size):
    """``image`` (H x W or H x W x C, uint8 or uint16) resized to ``size`` x ``size`` the way the
    reference data pipeline feeds its encoder: PIL bicubic, after dropping alpha (its
    ``convert('RGB')``). 8-bit images are resized by PIL as they are (bit for bit the
    reference); 16-bit ones channel by channel as 32-bit float images, which PIL resizes with
    the same filter."""
    colour = split_alpha(image)[0]
    if colour.dtype == np.uint8:
        planes = colour[..., 0] if colour.shape[2] == 1 else colour
        resized = np.asarray(Image.fromarray(planes).resize((size, size), BICUBIC))
        return resized if resized.ndim == 3 else resized[..., None]
    channels = [np.asarray(Image.fromarray(colour[..., c].astype(np.float32))
                           .resize((size, size), BICUBIC)) for c in range(colour.shape[2])]
    top = TOPS[colour.dtype]
    return np.rint(np.clip(np.stack(channels, axis=2), 0, top)).astype(colour.dtype)
