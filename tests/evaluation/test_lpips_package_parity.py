"""build_lpips against the lpips package's own module, offline, for AlexNet and VGG16, LPIPS
v0.1 and v0.0: both use the linear layers the lpips wheel ships (ours found in the installed
package's folder), both run the same random backbone weights (the lpips package's call to
torchvision's pretrained network is patched to return them; ours loads them from a file)."""
import copy
from types import SimpleNamespace

import lpips
import pytest
import torch
from random_weight_files import LPIPS_ARCHITECTURES, save_random_lpips

from i2itools.evaluation.functional.lpips import build_lpips


def _images(shape, seed):
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed)) * 2 - 1


@pytest.fixture(params=['alex', 'vgg'])
def backbone(request, tmp_path, monkeypatch):
    """(net, our backbone file); the lpips package gets the same features from torchvision."""
    net = request.param
    path, _, features, _ = save_random_lpips(tmp_path, net)
    architecture = LPIPS_ARCHITECTURES[net].__name__
    monkeypatch.setattr(lpips.pretrained_networks.tv, architecture,
                        lambda **kwargs: SimpleNamespace(features=copy.deepcopy(features)))
    return net, path


@pytest.mark.parametrize('version', ['0.1', '0.0'])
def test_distances_equal_the_lpips_packages_with_its_shipped_linear_layers(backbone, version):
    net, path = backbone
    theirs = lpips.LPIPS(net=net, version=version, verbose=False)
    ours = build_lpips(net, path, version=version, device='cpu')
    x, y = _images((3, 3, 48, 64), 0), _images((3, 3, 48, 64), 1)
    with torch.no_grad():
        expected = theirs(x, y).flatten()
        torch.testing.assert_close(ours(x, y), expected, rtol=1e-5, atol=1e-7)
    assert (expected > 0).all()


def test_the_versions_differ_in_input_scaling_and_linear_layers(backbone):
    net, path = backbone
    old, new = (build_lpips(net, path, version=v, device='cpu') for v in ('0.0', '0.1'))
    assert not torch.equal(old.lins[0].weight, new.lins[0].weight)
    x, y = _images((2, 3, 32, 32), 2), _images((2, 3, 32, 32), 3)
    with torch.no_grad():
        assert not torch.allclose(old(x, y), new(x, y), rtol=1e-2)


def test_an_unknown_version_is_refused(backbone):
    with pytest.raises(ValueError, match=r"unknown version '0.2'; choose one of \('0.1', '0.0'\)"):
        build_lpips(backbone[0], backbone[1], version='0.2')
