"""Padding and tiling give outputs of the input's size that match a whole-image pass."""
import pytest
import torch
from torch import nn

from i2itools.apis.norm_statistics import shared_norm_statistics
from i2itools.apis.tiling import run_padded, run_tiled, size_multiple
from i2itools.models.generators.resnet_generator import ResnetGenerator
from i2itools.models.generators.unet_generator import UnetGenerator


def test_size_multiple_is_the_product_of_the_strides():
    assert size_multiple(UnetGenerator(num_downs=5, base_channels=4)) == 32
    assert size_multiple(ResnetGenerator(base_channels=4, num_blocks=1)) == 4
    # CUT's: stride-1 convs, each followed by a blur of stride 2
    assert size_multiple(ResnetGenerator(base_channels=4, num_blocks=1,
                                         downsampling='antialiased')) == 4


@pytest.mark.parametrize('size', [(97, 131), (32, 64), (5, 3)])
def test_padding_is_cropped_back_exactly(size):
    image = torch.rand(1, 3, *size)
    seen = []
    out = run_padded(lambda x: seen.append(x.shape) or x, image, 32)
    assert seen[0][-2] % 32 == 0 and seen[0][-1] % 32 == 0
    torch.testing.assert_close(out, image, rtol=0, atol=0)


def test_tiles_of_a_local_filter_match_the_whole_image_away_from_the_border():
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 3, 5, padding=2)  # 2 px of context on each side
    image = torch.rand(1, 3, 150, 200)
    with torch.no_grad():
        whole = conv(image)
        tiled = run_tiled(conv, image, tile=64, overlap=8, multiple=4)
    assert tiled.shape == whole.shape
    # a tile's outer 2 px (a quarter of the overlap) lack context and get almost no weight
    torch.testing.assert_close(tiled, whole, atol=1e-3, rtol=0)
    unblended = run_tiled(conv, image, tile=64, overlap=0, multiple=4)
    assert (unblended - whole).abs().max() > 0.1  # without overlap the tile edges show


def test_tiles_share_the_instance_norm_statistics_of_the_whole_image():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Conv2d(3, 4, 1), nn.InstanceNorm2d(4), nn.Conv2d(4, 3, 1))
    image = torch.rand(1, 3, 64, 96)
    image[..., :, 48:] += 1  # the right half is brighter: per-tile statistics would differ
    with torch.no_grad():
        whole = net(image)
        alone = run_tiled(net, image, tile=32, overlap=8, multiple=1)
        with shared_norm_statistics(net, net, image):
            shared = run_tiled(net, image, tile=32, overlap=8, multiple=1)
    torch.testing.assert_close(shared, whole, atol=1e-5, rtol=0)
    assert (alone - whole).abs().max() > 0.1
