"""``UnetGenerator(skip_connections=False)`` is the pix2pix paper's encoder-decoder: the U-Net's
layers with every skip severed, so all of the input reaches the output through the innermost
level; the default stays the reference U-Net."""
import pytest
import torch
from torch import nn

from i2itools.models.generators import UnetGenerator, UnetSkipBlock


def _blocks(net):
    """The U-Net levels, outermost first."""
    return [m for m in net.modules() if isinstance(m, UnetSkipBlock)]


def _output_with_innermost_zeroed(net, x):
    """The net's output when the innermost level returns zeros instead of its features."""
    hook = _blocks(net)[-1].register_forward_hook(lambda block, args, out: torch.zeros_like(out))
    try:
        with torch.no_grad():
            return net(x)
    finally:
        hook.remove()


@pytest.mark.parametrize('skip_connections,input_reaches_output', [(True, True), (False, False)])
def test_only_the_encoder_decoder_loses_the_input_when_its_innermost_level_is_cut(
        skip_connections, input_reaches_output):
    torch.manual_seed(0)
    net = UnetGenerator(3, 3, num_downs=5, base_channels=4,
                        skip_connections=skip_connections).eval()
    first, second = torch.randn(2, 1, 3, 32, 32)
    differ = not torch.equal(_output_with_innermost_zeroed(net, first),
                             _output_with_innermost_zeroed(net, second))
    assert differ == input_reaches_output


def test_without_skips_each_up_convolution_takes_the_inner_channels_once():
    def up_in_channels(net):
        return [[m for m in b.model if isinstance(m, nn.ConvTranspose2d)][0].in_channels
                for b in _blocks(net)]

    base = 4
    inner = [base, 2 * base, 4 * base, 8 * base, 8 * base]  # outermost level first
    assert up_in_channels(UnetGenerator(num_downs=5, base_channels=base)) == [
        2 * c for c in inner[:-1]] + [inner[-1]]
    encoder_decoder = UnetGenerator(num_downs=5, base_channels=base, skip_connections=False)
    assert up_in_channels(encoder_decoder) == inner
    assert encoder_decoder(torch.randn(1, 3, 32, 32)).shape == (1, 3, 32, 32)


def test_skip_connections_are_on_by_default():
    # the reference U-Net; tests/models/test_reference_parity.py checks its outputs
    assert all(block.skip for block in _blocks(UnetGenerator(num_downs=6, base_channels=4)))


def test_the_outermost_block_refuses_skip_false():
    inner = UnetSkipBlock(8, 8, norm='none')
    with pytest.raises(ValueError, match='no skip=False'):
        UnetSkipBlock(3, 8, inner, in_channels=3, outermost=True, skip=False)
