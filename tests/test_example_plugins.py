"""The example plugins of plugins/ do what their docstrings say."""
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from i2itools.models.generators import ZUnetGenerator
from i2itools.plugins import import_plugin_file
from i2itools.registry import MODELS

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.usefixtures('isolated_registries')


@pytest.fixture
def examples():
    for name in ('charbonnier_loss', 'bottleneck_injection'):
        import_plugin_file(REPO / 'plugins' / f'{name}.py')


def test_charbonnier_is_the_weighted_smooth_l1(examples):
    loss = MODELS.build(dict(type='CharbonnierLoss', loss_weight=10.0, eps=1e-3))
    pred, target = torch.randn(2, 3, 8, 8), torch.randn(2, 3, 8, 8)
    expected = 10.0 * torch.sqrt((pred - target) ** 2 + 1e-6).mean()
    assert torch.allclose(loss(pred, target), expected)
    assert torch.allclose(loss(pred, target), 10.0 * F.l1_loss(pred, target), rtol=1e-3)
    assert loss(target, target).item() == pytest.approx(10.0 * 1e-3)


@pytest.mark.parametrize('num_downs', [5, 6])
def test_bottleneck_injection_at_every_level_is_all_injection(examples, num_downs):
    torch.manual_seed(0)
    options = dict(nz=3, num_downs=num_downs, base_channels=4, use_dropout=True)
    reference = ZUnetGenerator(injection='all', **options)
    every = ZUnetGenerator(injection=dict(type='BottleneckInjection', levels=num_downs),
                           **options)
    every.load_state_dict(reference.state_dict())  # strict: the same layers under the same names
    x, z = torch.randn(2, 3, 2 ** num_downs, 2 ** num_downs), torch.randn(2, 3)
    assert torch.equal(every.eval()(x, z), reference.eval()(x, z))


def test_bottleneck_injection_feeds_z_to_the_deepest_levels_only(examples):
    g = ZUnetGenerator(nz=3, num_downs=6, base_channels=4,
                       injection=dict(type='BottleneckInjection', levels=2))
    widths, block = [], g.model
    while block is not None:  # outermost first
        widths.append(block.nz)
        block = block.submodule
    assert widths == [0, 0, 0, 0, 3, 3]
    x = torch.randn(2, 3, 64, 64)
    assert not torch.equal(g(x, torch.zeros(2, 3)), g(x, torch.ones(2, 3)))


def test_bottleneck_injection_refuses_more_levels_than_the_u_net_has(examples):
    with pytest.raises(ValueError, match=r'levels=7\) needs num_downs >= 7, got 6'):
        ZUnetGenerator(nz=3, num_downs=6, injection=dict(type='BottleneckInjection', levels=7))
