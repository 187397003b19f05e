"""Small random image sets both as the tensors in [-1, 1] our metrics read and as the 8-bit
PNG files that pytorch-fid, clean-fid and LPIPS' scripts read: real images as a dataset holds
them, generated ones as tools/test.py writes them."""
import numpy as np
import torch
from PIL import Image

from i2itools.utils.image_conversion import tensor_to_uint8


def real_images(count, height, width, seed):
    """(count, 3, H, W) images in [-1, 1] read from 8-bit files (as the data preprocessor maps
    them), and those files' (H, W, 3) uint8 arrays."""
    values = torch.randint(0, 256, (count, 3, height, width),
                           generator=torch.Generator().manual_seed(seed), dtype=torch.uint8)
    return values.float() / 127.5 - 1, [v.permute(1, 2, 0).numpy() for v in values]


def generated_images(count, height, width, seed):
    """(count, 3, H, W) generator outputs in [-1, 1], and the uint8 arrays tools/test.py
    saves for them."""
    images = torch.rand(count, 3, height, width, generator=torch.Generator().manual_seed(seed))
    images = images * 2 - 1
    return images, [tensor_to_uint8(image) for image in images]


def write_pngs(arrays, folder):
    """Save (H, W, 3) uint8 arrays as folder/000.png, 001.png, ...; return the folder."""
    folder.mkdir(parents=True)
    for index, array in enumerate(arrays):
        Image.fromarray(np.ascontiguousarray(array)).save(folder / f'{index:03d}.png')
    return folder
