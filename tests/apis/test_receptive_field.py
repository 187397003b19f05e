"""Receptive fields computed from a net's conv / pool layers: the pix2pix paper's 1, 16, 70 and
286 px for the four discriminator ablations, the extent of the input gradient of one output,
and clear refusals where no single field exists."""
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from torch import nn

from i2itools.apis.receptive_field import receptive_field, traced_layers
from i2itools.models.discriminators import (MultiScaleDiscriminator, NLayerDiscriminator,
                                            PixelDiscriminator)
from i2itools.registry import MODELS

ABLATIONS = Path(__file__).resolve().parents[2] / 'configs' / 'pix2pix' / 'ablations'


@pytest.mark.parametrize('name,field,outputs', [
    ('pixelgan', 1, 96), ('patchgan16', 16, 46), ('patchgan70', 70, 10), ('imagegan', 286, 1)])
def test_the_four_discriminator_ablations_have_the_papers_fields(name, field, outputs):
    init_default_scope('i2itools')
    net = MODELS.build(Config.fromfile(str(ABLATIONS / f'{name}.py')).model.nets.D)
    layers, output_size = traced_layers(net, 96)
    assert receptive_field(layers) == (field, field)
    assert output_size == (outputs, outputs)


def _gradient_extent(net, size):
    """Rows and columns of the input that the middle output's gradient reaches."""
    x = torch.randn(1, net_in_channels(net), size, size, requires_grad=True)
    out = net.eval()(x)
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    rows, cols = torch.nonzero(x.grad[0].abs().sum(0), as_tuple=True)
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


def net_in_channels(net):
    return next(m for m in net.modules() if isinstance(m, nn.Conv2d)).in_channels


@pytest.mark.parametrize('net', [
    PixelDiscriminator(3, base_channels=4, norm='none'),
    NLayerDiscriminator(3, base_channels=4, num_layers=1, norm='none'),
    NLayerDiscriminator(3, base_channels=4, num_layers=3, norm='none'),
    # CUT's: each halving is a stride-1 conv, then a 3x3 binomial blur of stride 2
    NLayerDiscriminator(3, base_channels=4, num_layers=3, norm='none', downsampling='antialiased'),
    # average pools: a max pool passes gradient to one input of each window only
    nn.Sequential(nn.Conv2d(2, 4, 3, dilation=2), nn.AvgPool2d(2),
                  nn.Conv2d(4, 4, (3, 5), stride=2), nn.AvgPool2d(3, stride=1))],
    ids=['pixel', 'patch16', 'patch70', 'patch70-antialiased', 'dilated-and-pooled'])
def test_the_field_is_the_extent_of_the_input_gradient_of_one_output(net):
    torch.manual_seed(0)
    layers, _ = traced_layers(net, 160)
    assert receptive_field(layers) == _gradient_extent(net, 160)


def test_layers_are_taken_in_the_order_they_run_and_the_training_mode_is_kept():
    class Reordered(nn.Module):  # registers its layers in the opposite order of use
        def __init__(self):
            super().__init__()
            self.late = nn.Conv2d(4, 1, 3)
            self.early = nn.Conv2d(3, 4, 5, stride=2)

        def forward(self, x):
            return self.late(self.early(x))

    net = Reordered().train()
    layers, _ = traced_layers(net, 32, in_channels=3)
    assert layers == [net.early, net.late] and net.training
    assert receptive_field(layers) == (9, 9)  # 5, then 2 more input steps of 2


def test_a_dilated_max_pool_widens_the_field_by_its_dilated_kernel():
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.MaxPool2d(3, stride=2, dilation=2),
                        nn.Conv2d(4, 1, 2))
    # 3, then (3 - 1) * 2 input steps of 1, then (2 - 1) input steps of 2
    assert receptive_field(traced_layers(net, 32)[0]) == (9, 9)


def test_a_multiscale_discriminator_is_refused_as_not_one_chain():
    net = MultiScaleDiscriminator(3, base_channels=4, num_layers=2, num_scales=2)
    with pytest.raises(ValueError, match='not one chain of layers'):
        traced_layers(net, 64)


def test_an_input_too_small_for_the_net_is_refused_with_the_fix():
    with pytest.raises(ValueError, match='cannot run on a 3 x 64 x 64 input.*larger size'):
        traced_layers(NLayerDiscriminator(3, base_channels=4, num_layers=5), 64)
