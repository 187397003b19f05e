"""CUT's PatchNCE: each output patch must pick out the input patch at its own position among the
input's other patches (InfoNCE on the PatchSampler's embeddings)."""
import torch
import torch.nn.functional as F
from torch import nn

from i2itools.registry import MODELS

#: where the negatives of a patch come from: the same image, or every image of the batch
NEGATIVES = ('image', 'batch')


def patch_nce(query, key, temperature=0.07, negatives='image'):
    """Per-patch InfoNCE losses, ``B * P`` of them, batch-major.

    For query patch ``q`` (``B x P x C``, normalised embeddings) the logits are its similarity
    with its own key (the positive) and with the other keys (the negatives: the other ``P - 1``
    of its image, or the ``B * P - 1`` of the batch), divided by ``temperature``; the loss is
    the cross-entropy of picking the positive. As in the reference, the positive's own entry
    among the negatives is filled with -10 (not removed), and the keys are constants.
    """
    if negatives not in NEGATIVES:
        raise ValueError(f'PatchNCE negatives must be one of {NEGATIVES}, got {negatives!r}')
    query, key = query.float(), key.detach().float()
    batch, patches, dim = query.shape
    positive = torch.bmm(query.reshape(-1, 1, dim), key.reshape(-1, dim, 1)).reshape(-1, 1)
    groups = 1 if negatives == 'batch' else batch
    query, key = query.reshape(groups, -1, dim), key.reshape(groups, -1, dim)
    similarity = torch.bmm(query, key.transpose(1, 2))
    own = torch.eye(similarity.shape[-1], dtype=torch.bool, device=similarity.device)
    negative = similarity.masked_fill(own, -10.0).reshape(batch * patches, -1)
    logits = torch.cat([positive, negative], dim=1) / temperature
    target = torch.zeros(len(logits), dtype=torch.long, device=logits.device)
    return F.cross_entropy(logits, target, reduction='none')


@MODELS.register_module()
class PatchNCELoss(nn.Module):
    """``loss_weight * mean over layers of (mean over patches of patch_nce(query, key))``.

    Args:
        temperature: the InfoNCE temperature (the reference's ``nce_T``).
        negatives: 'image' (the reference default) or 'batch' (its
            ``--nce_includes_all_negatives_from_minibatch``, meant for single-image training).
        loss_weight: the reference's ``lambda_NCE``; halve it for each of the two terms when
            identity NCE is on (CUT averages NCE(A, G(A)) and NCE(B, G(B))).

    ``query`` and ``key`` are the per-layer embeddings of :class:`PatchSampler` (a sequence of
    ``B x P x C`` tensors): the queries from the generated image, the keys from its source at
    the same positions. Keys get no gradient.
    """

    def __init__(self, temperature=0.07, negatives='image', loss_weight=1.0):
        super().__init__()
        if negatives not in NEGATIVES:
            raise ValueError(f'PatchNCELoss negatives must be one of {NEGATIVES}, got '
                             f'{negatives!r}')
        self.temperature = temperature
        self.negatives = negatives
        self.loss_weight = loss_weight

    def forward(self, query, key):
        if len(query) != len(key):
            raise ValueError(f'PatchNCELoss got {len(query)} query layers and {len(key)} key '
                             'layers; both must come from the same PatchSampleBranch')
        layers = [patch_nce(q, k, self.temperature, self.negatives).mean()
                  for q, k in zip(query, key)]
        return self.loss_weight * sum(layers) / len(layers)
