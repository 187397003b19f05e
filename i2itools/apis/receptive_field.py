"""The receptive field of a discriminator, from the kernel, stride and dilation of its layers.

The conv and pool layers are taken in the order a forward pass runs them (traced with hooks,
so any registered net works, not only the built-in ones), and they must form one chain: each
takes the size the previous one gave. A net with parallel paths (a multi-scale
discriminator) has a field per path and is refused.
"""
import torch
from torch import nn
from torch.nn.modules.utils import _pair

from i2itools.models.layers import BlurDownsample

#: layers that widen the field (a blur down-sampling is a fixed conv); norms and activations act
#: per position and leave it alone
SPATIAL_LAYERS = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d, BlurDownsample)


def traced_layers(net, size, name='the net', in_channels=None):
    """The conv / pool layers of ``net`` in the order they run on a 1 x C x size x size input,
    and the height and width of its output; C is ``in_channels``, by default the input channels
    of the first conv that ``net`` registers."""
    if in_channels is None:
        first_conv = next((m for m in net.modules() if isinstance(m, nn.Conv2d)), None)
        if first_conv is None:
            raise ValueError(f'{name} ({type(net).__name__}) has no Conv2d layer to start from')
        in_channels = first_conv.in_channels
    calls = []
    hooks = [m.register_forward_hook(
        lambda layer, inputs, output: calls.append((layer, inputs[0].shape[-2:],
                                                    output.shape[-2:])))
             for m in net.modules() if isinstance(m, SPATIAL_LAYERS)]
    was_training = net.training
    try:
        net.eval()  # running statistics: one image with a 1 x 1 output is a valid input
        with torch.no_grad():
            output = net(torch.zeros(1, in_channels, size, size))
    except RuntimeError as error:
        raise ValueError(f'{name} ({type(net).__name__}) cannot run on a {in_channels} x {size} '
                         f'x {size} input ({error}); a net too deep for the size needs a larger '
                         'size (--size)') from None
    finally:
        net.train(was_training)
        for hook in hooks:
            hook.remove()
    for (previous, _, given), (layer, taken, _) in zip(calls, calls[1:]):
        if taken != given:
            raise ValueError(f'{name} ({type(net).__name__}) is not one chain of layers: '
                             f'{layer} takes {tuple(taken)} but {previous} gave {tuple(given)}; '
                             'compute the field of each path (e.g. of each scale) on its own')
    if not torch.is_tensor(output):
        raise ValueError(f'{name} ({type(net).__name__}) returns {type(output).__name__}, not '
                         'one map of scores; compute the field of each output on its own')
    return [layer for layer, _, _ in calls], tuple(output.shape[-2:])


def receptive_field(layers):
    """(height, width) in input pixels seen by one output of a chain of conv / pool layers.

    Going from the input, each layer widens the field by (kernel - 1) * dilation input steps,
    and its stride multiplies the input step of everything after it.
    """
    field, step = [1, 1], [1, 1]
    for layer in layers:
        kernel, stride = _pair(layer.kernel_size), _pair(layer.stride)
        dilation = _pair(getattr(layer, 'dilation', 1))  # pools other than max have none
        for axis in (0, 1):
            field[axis] += (kernel[axis] - 1) * dilation[axis] * step[axis]
            step[axis] *= stride[axis]
    return tuple(field)
