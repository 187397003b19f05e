"""CUT's net F: the same random patch positions from every feature layer, each projected by a
small MLP of its layer and L2-normalised: the embeddings PatchNCE compares."""
import torch
from torch import nn

from i2itools.registry import MODELS


@MODELS.register_module()
class PatchSampler(nn.Module):
    """``F(features, patch_ids) -> (embeddings, patch_ids)``, one entry per feature layer.

    For layer ``i`` with features ``B x C_i x H x W``, ``num_patches`` of the ``H * W`` positions
    (row-major) are taken, the same for every image of the batch: ``patch_ids[i]`` when given,
    else a fresh draw ``torch.randperm(H * W)[:num_patches]`` from torch's global CPU generator
    (so seeding torch, and an exact resume, repeat it). Each sampled position's ``C_i`` values
    go through ``mlp_<i>`` (Linear(C_i, out), ReLU, Linear(out, out)) and are divided by their
    L2 norm (+ 1e-7). Embeddings are ``B x num_patches x out_channels``; the ids used are
    returned so that a second call can sample the same positions (CUT samples the input's
    features, then the output's at those positions).

    The MLPs are built here, from ``in_channels``, and not at the first forward pass as in the
    reference, so the net is complete from its construction on: its weights are initialised,
    saved, resumed, loaded and wrapped (DDP) like any other net's. The state-dict keys are the
    reference's (``mlp_0.0.weight``, ...), so its ``latest_net_F.pth`` loads unchanged.

    Args:
        in_channels (Sequence[int]): channels of each feature layer, in order (for CUT, see
            :func:`~i2itools.models.common.feature_channels` of the generator's config).
        num_patches (int): positions sampled per layer (all of them if a layer has fewer).
        out_channels (int): width of the MLPs (the reference's ``netF_nc``).
        use_mlp (bool): False samples and normalises without projecting (``--netF sample``);
            the net then has no parameters and no optimizer.
    """

    def __init__(self, in_channels, num_patches=256, out_channels=256, use_mlp=True):
        super().__init__()
        if not isinstance(num_patches, int) or num_patches < 1:
            raise ValueError(f'PatchSampler num_patches must be a positive int, got '
                             f'{num_patches!r}')
        self.in_channels = tuple(in_channels)
        self.num_patches = num_patches
        self.use_mlp = use_mlp
        if use_mlp:
            for index, channels in enumerate(self.in_channels):
                self.add_module(f'mlp_{index}', nn.Sequential(
                    nn.Linear(channels, out_channels), nn.ReLU(),
                    nn.Linear(out_channels, out_channels)))

    def forward(self, features, patch_ids=None):
        self._check(features)
        embeddings, used_ids = [], []
        for index, feature in enumerate(features):
            positions = feature.flatten(2).transpose(1, 2)  # B x (H * W) x C, row-major
            if patch_ids is None:
                ids = torch.randperm(positions.shape[1])[:self.num_patches]
            else:
                ids = torch.as_tensor(patch_ids[index], dtype=torch.long)
            ids = ids.to(feature.device)
            sampled = positions[:, ids]
            if self.use_mlp:
                sampled = getattr(self, f'mlp_{index}')(sampled)
            norm = sampled.pow(2).sum(-1, keepdim=True).pow(0.5)
            embeddings.append(sampled / (norm + 1e-7))
            used_ids.append(ids)
        return tuple(embeddings), tuple(used_ids)

    def _check(self, features):
        channels = tuple(f.shape[1] for f in features)
        if channels != self.in_channels:
            raise ValueError(f'PatchSampler was built for features of {self.in_channels} '
                             f'channels, but is given {channels}: set its in_channels={channels} '
                             '(the channels of the layers the branch reads; '
                             'i2itools.models.common.feature_channels computes them from the '
                             "generator's config)")
