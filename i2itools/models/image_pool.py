"""History of generated images shown to a discriminator (Shrivastava et al.), as in CycleGAN."""
import random

import torch
from torch import nn

from i2itools.registry import MODELS


@MODELS.register_module()
class ImagePool(nn.Module):
    """Returns the given fakes or, half of the time once full, older fakes in their place.

    Args:
        pool_size: how many images to remember; 0 returns every batch unchanged.

    The reference rule: while the pool is not full each image is stored and returned; afterwards
    each image is, with probability 1/2, swapped with a random stored one (the stored one is
    returned), else returned as is. The contents live in a buffer so checkpoints carry them.
    """

    def __init__(self, pool_size=50):
        super().__init__()
        self.pool_size = pool_size
        self.register_buffer('images', torch.empty(0), persistent=True)
        self.register_buffer('num_images', torch.zeros((), dtype=torch.long), persistent=True)

    @torch.no_grad()
    def forward(self, images):
        if self.pool_size == 0:
            return images
        images = images.detach()
        if self.images.numel() == 0:
            self.images = images.new_zeros((self.pool_size, *images.shape[1:]))
        returned = []
        for image in images:
            count = int(self.num_images)
            if count < self.pool_size:
                self.images[count] = image
                self.num_images += 1
                returned.append(image)
            elif random.uniform(0, 1) > 0.5:
                slot = random.randint(0, self.pool_size - 1)
                returned.append(self.images[slot].clone())
                self.images[slot] = image
            else:
                returned.append(image)
        return torch.stack(returned)

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # The buffer's shape is only known once images arrive, so adopt the stored one.
        stored = state_dict.get(prefix + 'images')
        if stored is not None:
            self.images = torch.zeros_like(stored, device=self.num_images.device)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)
