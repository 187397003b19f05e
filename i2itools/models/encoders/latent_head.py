"""The linear heads of the encoders: pooled features to mu (``fc``) and logvar (``fcVar``)."""
from torch import nn


def linear_head(in_features, out_features):
    """``Sequential(Linear)``, the reference's layout of ``fc`` and ``fcVar``."""
    return nn.Sequential(nn.Linear(in_features, out_features))


def flatten_pooled(features, encoder, depth_name, depth, size):
    """Flatten pooled ``features`` of shape (N, C, 1, 1), or say which input size gives 1 x 1.

    Args:
        features (Tensor): the output of the encoder's conv stack.
        encoder (str): the encoder's class name, for the message.
        depth_name (str): its depth argument's name ('num_blocks', 'num_layers').
        depth (int): its value.
        size (int): the input height and width that give 1 x 1 features.
    """
    if features.shape[-2:] != (1, 1):
        raise ValueError(f'{encoder} with {depth_name}={depth} reduces {size}x{size} images to '
                         f'1x1 features, but this input gives {tuple(features.shape[-2:])}; '
                         f'resize the images to {size}x{size} or change {depth_name}.')
    return features.flatten(1)
