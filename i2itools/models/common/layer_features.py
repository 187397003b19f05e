"""Read a network's intermediate features by layer index, for any loss or branch that needs them
(CUT's PatchNCE; perceptual or feature-matching losses alike)."""
import torch
from mmengine.model import is_model_wrapper
from torch import nn

from i2itools.registry import MODELS


def layer_list(net):
    """The layers of ``net`` in the order its forward runs them: its ``model`` Sequential, as every
    reference-style network (ResNet generator, PatchGAN) is built; a DDP wrapper is looked
    through."""
    net = net.module if is_model_wrapper(net) else net
    layers = getattr(net, 'model', None)
    if not isinstance(layers, nn.Sequential):
        raise TypeError(f'{type(net).__name__} has no `model` Sequential whose layers make its '
                        'forward pass, so its features cannot be read by layer index; use a '
                        'network built as one Sequential (e.g. ResnetGenerator, '
                        'NLayerDiscriminator)')
    return layers


def layer_features(net, x, layers):
    """The outputs of the layers at the indices ``layers`` of ``net``'s layer list on input ``x``,
    in the order of ``layers``.

    Layer ``i`` is the ``i``-th module of the list, so index 0 of a ResNet generator is its
    padded input. Only the layers up to the deepest index asked for run (CUT's
    ``encode_only``). The outputs are the tensors the layers return, not copies: a later
    in-place layer (an in-place ReLU after a norm) changes the feature it follows, exactly as in
    the CUT reference, whose features therefore agree with these.

    Args:
        net (nn.Module): the network (or its DDP wrapper).
        x (Tensor): its input.
        layers (Sequence[int]): indices into its layer list, each used once.
    """
    sequence = layer_list(net)
    wanted = list(layers)
    bad = [i for i in wanted if not isinstance(i, int) or not 0 <= i < len(sequence)]
    if bad or not wanted or len(set(wanted)) != len(wanted):
        raise ValueError(f'layers {tuple(layers)} must be distinct indices into the layer list '
                         f'of {type(net).__name__}, which has {len(sequence)} layers (0 to '
                         f'{len(sequence) - 1})')
    found = {}
    for index, layer in enumerate(sequence[:max(wanted) + 1]):
        x = layer(x)
        if index in wanted:
            found[index] = x
    return [found[i] for i in wanted]


def feature_channels(net, layers, in_channels=3, size=64):
    """The channel counts of ``net``'s features at ``layers``, from a dry run on a zero image of
    ``size`` px: what a head on those features (CUT's ``PatchSampler``) must be built with.

    Args:
        net (nn.Module | dict): the network, or its config (built with ``MODELS``).
        layers (Sequence[int]): indices into its layer list.
        in_channels (int): channels of its input image.
        size (int): side of the dry-run image (large enough for the net's down-sampling).
    """
    if isinstance(net, dict):
        net = MODELS.build(net)
    with torch.no_grad():
        features = layer_features(net, torch.zeros(1, in_channels, size, size), layers)
    return tuple(f.shape[1] for f in features)
