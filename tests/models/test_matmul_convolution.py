"""Convolutions computed as matrix products equal torch's, forward and backward, and swapping
them into a net changes nothing but the layers' class."""
import copy

import pytest
import torch
from torch import nn

from i2itools.models.common.matmul_convolution import (MatmulConv2d, MatmulConvTranspose2d,
                                                       use_matmul_for_small_outputs)

LAYERS = [
    nn.Conv2d(6, 5, 4, stride=2, padding=1),                  # U-Net down-sampling
    nn.Conv2d(6, 5, 3, stride=1, padding=1, bias=False),      # ResNet block
    nn.Conv2d(6, 5, 4, stride=1, padding=1),                  # PatchGAN's last layers
    nn.Conv2d(6, 5, 3, stride=2, padding=2, dilation=2),
    nn.ConvTranspose2d(6, 5, 4, stride=2, padding=1),         # U-Net up-sampling
    nn.ConvTranspose2d(6, 5, 3, stride=2, padding=1, output_padding=1, bias=False),  # ResNet G
]


def _pair(layer):
    """The layer and a copy of it whose class is swapped."""
    swapped = copy.deepcopy(layer)
    use_matmul_for_small_outputs(swapped, max_pixels=10 ** 6)
    return layer, swapped


@pytest.mark.parametrize('layer', LAYERS, ids=lambda layer: repr(layer))
def test_matmul_layer_equals_torch_forward_and_backward(layer):
    reference, swapped = _pair(layer)
    assert type(swapped) in (MatmulConv2d, MatmulConvTranspose2d)
    x = torch.randn(2, 6, 7, 6, requires_grad=True)
    outputs, grads = [], []
    for net in (reference, swapped):
        y = net(x)
        outputs.append(y)
        grads.append(torch.autograd.grad((y * torch.linspace(-1, 1, y.numel()).view_as(y)).sum(),
                                         [x, *net.parameters()]))
    torch.testing.assert_close(outputs[1], outputs[0], rtol=1e-5, atol=1e-6)
    for mine, theirs in zip(grads[1], grads[0]):
        torch.testing.assert_close(mine, theirs, rtol=1e-5, atol=1e-5)


def test_outputs_above_the_pixel_limit_take_torch_path_exactly():
    layer = nn.Conv2d(3, 4, 4, stride=2, padding=1)
    swapped = nn.Conv2d(3, 4, 4, stride=2, padding=1)
    swapped.load_state_dict(layer.state_dict())
    use_matmul_for_small_outputs(swapped, max_pixels=63)
    x = torch.randn(1, 3, 16, 16)
    assert torch.equal(swapped(x), layer(x))  # 8 x 8 = 64 pixels > 63: the library's result


def test_bfloat16_autocast_keeps_the_output_type_of_torch_convolutions():
    _, swapped = _pair(nn.ConvTranspose2d(6, 5, 4, stride=2, padding=1))
    _, conv = _pair(nn.Conv2d(6, 5, 4, stride=2, padding=1))
    with torch.autocast('cpu', dtype=torch.bfloat16):
        assert swapped(torch.randn(1, 6, 4, 4)).dtype == torch.bfloat16
        assert conv(torch.randn(1, 6, 8, 8)).dtype == torch.bfloat16


def test_swapping_keeps_parameters_state_dict_and_leaves_grouped_convolutions_alone():
    net = nn.Sequential(nn.Conv2d(4, 8, 3), nn.ReLU(), nn.ConvTranspose2d(8, 4, 4),
                        nn.Conv2d(4, 4, 3, groups=2))
    params = list(net.parameters())
    keys = list(net.state_dict())
    assert use_matmul_for_small_outputs(net) == 3
    assert [type(m) for m in net] == [MatmulConv2d, nn.ReLU, MatmulConvTranspose2d, MatmulConv2d]
    assert all(a is b for a, b in zip(params, net.parameters())) and list(net.state_dict()) == keys
    x = torch.randn(1, 4, 4, 4)
    assert torch.equal(net[3](x), nn.functional.conv2d(x, net[3].weight, net[3].bias, groups=2))
