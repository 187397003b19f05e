"""Moves a collated batch to the device and maps its images to [-1, 1]."""
import torch
from mmengine.model import BaseDataPreprocessor

from i2itools.registry import MODELS

#: largest value of each integer image type, the top of its [0, max] range
INTEGER_RANGES = {torch.uint8: 255.0, torch.uint16: 65535.0}


@MODELS.register_module()
class TranslationDataPreprocessor(BaseDataPreprocessor):
    """Stacks image lists, casts integer images to float in [-1, 1] and moves them to the device.

    Args:
        channels_last: store image batches in channels-last memory format (faster convolutions
            on recent GPUs).
        non_blocking: copy to the device asynchronously (pinned memory).

    Integer images are scaled by their type's full range (uint8: /255, uint16: /65535), the reference's
    ``Normalize(0.5, 0.5)``; float images are taken to be in [-1, 1] already. Non-tensor entries
    (paths) pass through unchanged.
    """

    def __init__(self, channels_last=False, non_blocking=False):
        super().__init__(non_blocking=non_blocking)
        self.channels_last = channels_last

    def forward(self, data, training=False):
        batch = {}
        for key, value in data.items():
            if isinstance(value, (list, tuple)) and value and torch.is_tensor(value[0]):
                value = torch.stack(list(value))
            if torch.is_tensor(value):
                value = self._to_unit_range(self.cast_data(value))
            batch[key] = value
        return batch

    def _to_unit_range(self, images):
        top = INTEGER_RANGES.get(images.dtype)
        if top is not None:
            images = images.float() / (top / 2) - 1
        if self.channels_last and images.dim() == 4:
            images = images.contiguous(memory_format=torch.channels_last)
        return images
