"""How each FID implementation turns an image into Inception's 299 x 299 input. The resize
moves FIDs by several points (Parmar et al. 2022, clean-fid), so each variant has its own."""
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .eight_bit import eight_bit_values

INCEPTION_SIZE = 299


def bilinear_input(images):
    """Float images in [-1, 1] resized bilinearly (no antialiasing), kept in [-1, 1]."""
    return F.interpolate(images, size=(INCEPTION_SIZE, INCEPTION_SIZE), mode='bilinear',
                         align_corners=False)


def pytorch_fid_input(images):
    """As pytorch-fid reads an 8-bit file: values / 255, resized bilinearly (no antialiasing),
    then mapped to [-1, 1] as ``2 x - 1``."""
    return 2 * bilinear_input(eight_bit_values(images) / 255) - 1


def clean_fid_input(images):
    """As clean-fid's 'clean' mode reads an 8-bit file: each channel's 0..255 values resized by
    PIL's bicubic filter (antialiased when shrinking) in float, clipped to [0, 255], then mapped
    as ``(v - 128) / 128`` as its TorchScript Inception does. PIL runs on the CPU."""
    values = eight_bit_values(images).cpu().numpy().astype(np.float32)
    resized = np.stack([[_pil_bicubic(channel) for channel in image] for image in values])
    return (torch.from_numpy(resized).to(images.device) - 128) / 128


def _pil_bicubic(channel):
    image = Image.fromarray(channel)  # float32: PIL's 32-bit float mode 'F'
    image = image.resize((INCEPTION_SIZE, INCEPTION_SIZE), resample=Image.BICUBIC)
    return np.asarray(image).clip(0, 255)
