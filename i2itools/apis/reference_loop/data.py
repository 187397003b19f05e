"""The reference's data loading: a shuffled torch DataLoader and ToTensor + Normalize(0.5, 0.5)."""
import torch
from torch.utils.data import DataLoader


def reference_dataloader(dataset, batch_size, num_workers):
    """``CustomDatasetDataLoader``: ``shuffle=True`` (no ``--serial_batches``), the last batch
    kept even when smaller (BicycleGAN's loop skips it), torch's own worker seeding."""
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, num_workers=num_workers)


def to_unit_range(images):
    """uint8 images as the reference's ``ToTensor()`` then ``Normalize(0.5, 0.5)`` make them."""
    if images.dtype != torch.uint8:
        raise TypeError(f'the reference loop reads 8-bit images, got {images.dtype}; it mirrors '
                        "the reference's ToTensor, which scales by 255")
    return images.float().div(255).sub(0.5).div(0.5)
