"""The normalisation layers of the reference networks and the conv-bias rule that goes with them."""
from torch import nn

#: the norm names every network accepts
NORMS = ('batch', 'instance', 'none')


def _check_norm(norm):
    if norm not in NORMS:
        raise ValueError(f"Unknown norm '{norm}'; expected one of {', '.join(NORMS)}.")


def build_norm(norm, num_features):
    """Build the normalisation layer named ``norm`` for ``num_features`` channels.

    Args:
        norm (str): 'batch' (learnt affine, running statistics), 'instance' (no affine, no running
            statistics, as the reference) or 'none' (identity).
        num_features (int): number of channels to normalise.
    """
    _check_norm(norm)
    if norm == 'batch':
        return nn.BatchNorm2d(num_features, affine=True, track_running_stats=True)
    if norm == 'instance':
        return nn.InstanceNorm2d(num_features, affine=False, track_running_stats=False)
    return nn.Identity()


def conv_bias(norm):
    """Whether a conv followed by ``norm`` has a bias, by the reference rule.

    Batch norm cancels a bias, so the reference drops it; its affine-free instance norm keeps it.
    With 'none' the reference also drops it (its test compares the norm class with
    InstanceNorm2d), which we keep so its checkpoints load.
    """
    _check_norm(norm)
    return norm == 'instance'
