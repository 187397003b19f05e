"""SamplesBranch: N outputs per input for random codes, as one (B, N, C, H, W) tensor."""
import pytest
import torch

from i2itools.models.branches import SamplesBranch
from i2itools.models.generators import ZUnetGenerator


def test_each_input_gets_n_different_samples_of_its_own():
    torch.manual_seed(0)
    generator = ZUnetGenerator(in_channels=3, out_channels=3, nz=4, num_downs=5,
                               base_channels=4, norm='none', injection='input').eval()
    source = torch.randn(2, 3, 32, 32)
    samples = SamplesBranch(num_samples=3)(dict(A=source), dict(G=generator))['samples_B']
    assert samples.shape == (2, 3, 3, 32, 32)
    assert not torch.allclose(samples[0, 0], samples[0, 1])  # different codes
    # sample k of input i is G(A_i, z) for some z: with a z-free generator all k agree
    z_free = ZUnetGenerator(in_channels=3, out_channels=3, nz=0, num_downs=5, base_channels=4,
                            norm='none', injection='input').eval()
    same = SamplesBranch(num_samples=2)(dict(A=source), dict(G=z_free))['samples_B']
    assert torch.allclose(same[1, 0], same[1, 1]) and torch.allclose(same[1, 0], z_free(source[1:]))


def test_num_samples_must_be_a_positive_int():
    with pytest.raises(ValueError, match='num_samples'):
        SamplesBranch(num_samples=0)
