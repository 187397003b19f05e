"""Inception-v3 pool features (2048-d) of images in [-1, 1], for FID and KID, from a local
torchvision state dict."""
import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models import inception_v3

from .local_weights import load_exactly, read_state_dict, resolve_device

INCEPTION_SIZE = 299
FEATURE_DIM = 2048
EXPECTED_FILE = ("a state dict of torchvision's inception_v3 (e.g. inception_v3_google-0cc3c7bd.pth "
                 'from the torchvision model zoo, copied by hand)')
# the classifier heads do not touch the pool features, so files with or without them both load
UNUSED_PREFIXES = ('AuxLogits.', 'fc.')


class InceptionFeatures(nn.Module):
    """Frozen Inception-v3 trunk: (N, C, H, W) images in [-1, 1], C in {1, 3}, any size ->
    (N, 2048) average-pool features.

    Images are resized to 299 x 299 (bilinear, as pytorch-fid does) and fed as they are: the
    Google weights of torchvision's inception_v3 expect inputs in [-1, 1]
    (torchvision's ``transform_input`` only maps ImageNet-normalised input there).
    """

    def __init__(self, trunk):
        super().__init__()
        self.trunk = trunk

    def forward(self, images):
        if images.dim() != 4 or images.shape[1] not in (1, 3):
            raise ValueError('InceptionFeatures takes (N, 3, H, W) or (N, 1, H, W) images in '
                             f'[-1, 1], got shape {tuple(images.shape)}')
        images = images.expand(-1, 3, -1, -1).to(self.device, torch.float32)
        images = F.interpolate(images, size=(INCEPTION_SIZE, INCEPTION_SIZE), mode='bilinear',
                               align_corners=False)
        return self.trunk(images)

    @property
    def device(self):
        return next(self.trunk.parameters()).device


def load_inception_features(path, device=None):
    """The frozen :class:`InceptionFeatures` with the weights of the local state dict ``path``.

    Args:
        path: a torchvision inception_v3 state dict (its ``AuxLogits.*`` and ``fc.*`` entries
            may be present or not). Nothing is downloaded; a missing or foreign file raises
            :class:`~.local_weights.WeightsFileError` naming it.
        device: where the network runs; None: CUDA when available, else the CPU.
    """
    state = read_state_dict(path, EXPECTED_FILE, 'inception_weights')
    state = {k: v for k, v in state.items() if not k.startswith(UNUSED_PREFIXES)}
    with torch.device('meta'):  # the weights come from the file: skip the random init
        trunk = inception_v3(weights=None, aux_logits=False, init_weights=False)
    trunk.fc = nn.Identity()
    trunk = load_exactly(trunk, state, path, EXPECTED_FILE)
    return InceptionFeatures(trunk).to(resolve_device(device)).eval()
