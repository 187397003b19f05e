"""Inception features from a local torchvision state dict: the pool features of torchvision's
own network on the resized images, any input size, and clear errors for a wrong file."""
import pytest
import torch
import torch.nn.functional as F
from random_weight_files import save_random_inception
from torch import nn

from i2itools.evaluation.functional.inception_features import load_inception_features
from i2itools.evaluation.functional.local_weights import WeightsFileError


@pytest.fixture(scope='module')
def saved_inception(tmp_path_factory):
    """(path of a random torchvision inception_v3 state dict, that network)."""
    path = tmp_path_factory.mktemp('inception') / 'inception_v3_random.pth'
    return path, save_random_inception(path)


def _images(shape, seed):
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed)) * 2 - 1


def test_features_are_torchvisions_pool_features_of_the_images_resized_to_299(saved_inception):
    path, net = saved_inception
    images = _images((2, 3, 32, 32), 0)
    with torch.no_grad():
        features = load_inception_features(path, device='cpu')(images)
        net.fc, fc = nn.Identity(), net.fc
        expected = net(F.interpolate(images, size=(299, 299), mode='bilinear'))
        net.fc = fc
    assert features.shape == (2, 2048)
    torch.testing.assert_close(features, expected, rtol=1e-4, atol=1e-6)
    assert not torch.allclose(features[0], features[1])


def test_any_size_gives_2048_features_and_a_grey_image_counts_as_rgb(saved_inception):
    inception = load_inception_features(saved_inception[0], device='cpu')
    grey = _images((1, 1, 17, 23), 1)
    with torch.no_grad():
        torch.testing.assert_close(inception(grey), inception(grey.expand(-1, 3, -1, -1)))
    assert inception(grey).shape == (1, 2048)


def test_a_state_dict_without_the_classifier_heads_loads_too(saved_inception, tmp_path):
    path, net = saved_inception
    trunk_only = {k: v for k, v in net.state_dict().items()
                  if not k.startswith(('AuxLogits.', 'fc.'))}
    torch.save(trunk_only, tmp_path / 'trunk.pth')
    inception = load_inception_features(tmp_path / 'trunk.pth', device='cpu')
    assert not any(p.requires_grad for p in inception.parameters()) and not inception.training
    with torch.no_grad():
        images = _images((1, 3, 16, 16), 2)
        torch.testing.assert_close(inception(images),
                                   load_inception_features(path, device='cpu')(images))


def _torchscript(path):
    with pytest.warns(FutureWarning):  # torch.jit is deprecated; users may still hold such files
        torch.jit.save(torch.jit.script(nn.Linear(2, 2)), str(path))


def _truncated(path, saved):
    torch.save({k: v for k, v in saved[1].state_dict().items() if 'Mixed_7c' not in k}, path)


@pytest.mark.parametrize('write, message', [
    (None, 'no file at'),
    (lambda path, saved: path.write_bytes(b'not a checkpoint'), 'cannot read'),
    (lambda path, saved: torch.save([torch.zeros(1)], path), 'holds a list'),
    (lambda path, saved: torch.save(dict(state_dict={}, meta={}), path), 'training checkpoint'),
    (_truncated, r"missing keys \['Mixed_7c"),
    (lambda path, saved: _torchscript(path), 'is a TorchScript archive'),
])
def test_a_wrong_file_raises_naming_the_path_and_the_file_expected(write, message, tmp_path,
                                                                   saved_inception):
    path = tmp_path / 'weights.pth'
    if write is not None:
        write(path, saved_inception)
    with pytest.raises(WeightsFileError, match=message) as caught:
        load_inception_features(path, device='cpu')
    assert str(path) in str(caught.value)
    assert 'inception_v3_google-0cc3c7bd.pth' in str(caught.value)


def test_no_path_says_which_argument_is_missing_and_that_nothing_is_downloaded():
    with pytest.raises(WeightsFileError, match='inception_weights is not set') as caught:
        load_inception_features(None)
    assert 'never downloads' in str(caught.value)
