"""The Inception variants: the file each expects (the files share their trunk keys; their
classifiers tell them apart), and the papers' variants reading images as 8-bit files do."""
import pytest
import torch

from i2itools.evaluation.functional.eight_bit import eight_bit_values
from i2itools.evaluation.functional.inception_features import INCEPTIONS, load_inception_features
from i2itools.evaluation.functional.local_weights import WeightsFileError


def _classifier_only(path, classes):
    torch.save({'fc.weight': torch.zeros(classes, 2048), 'fc.bias': torch.zeros(classes)}, path)
    return path


def test_the_papers_file_given_as_torchvisions_is_refused_naming_its_variants(tmp_path):
    path = _classifier_only(tmp_path / 'pt_inception.pth', 1008)
    with pytest.raises(WeightsFileError, match="1008-class classifier, not the 1000 classes of "
                       "inception='torchvision'; it is the file of inception='clean-fid' or "
                       "'pytorch-fid'") as caught:
        load_inception_features(path, 'cpu', inception='torchvision')
    assert str(path) in str(caught.value)


@pytest.mark.parametrize('inception', ['pytorch-fid', 'clean-fid'])
def test_torchvisions_file_given_for_the_papers_network_is_refused(tmp_path, inception):
    path = _classifier_only(tmp_path / 'inception_v3_google.pth', 1000)
    with pytest.raises(WeightsFileError, match=f"not the 1008 classes of inception='{inception}'; "
                       "it is the file of inception='torchvision'.*"
                       'pt_inception-2015-12-05-6726825d.pth'):
        load_inception_features(path, 'cpu', inception=inception)


def test_an_unknown_variant_is_refused_with_the_choices(tmp_path):
    with pytest.raises(ValueError, match=r"inception='tensorflow' is not one of \['clean-fid', "
                       r"'pytorch-fid', 'torchvision'\]"):
        load_inception_features(tmp_path / 'any.pth', inception='tensorflow')


@pytest.mark.parametrize('inception', ['pytorch-fid', 'clean-fid'])
def test_the_papers_variants_see_only_the_8bit_values_of_an_image(inception):
    images = torch.rand(2, 3, 20, 30, generator=torch.Generator().manual_seed(0)) * 2 - 1
    on_levels = eight_bit_values(images) / 127.5 - 1
    prepare = INCEPTIONS[inception].prepare
    assert not torch.equal(images, on_levels)
    assert prepare(images).shape == (2, 3, 299, 299)
    torch.testing.assert_close(prepare(images), prepare(on_levels), rtol=0, atol=0)
    # torchvision's variant resizes the float images as they are
    assert not torch.equal(INCEPTIONS['torchvision'].prepare(images),
                           INCEPTIONS['torchvision'].prepare(on_levels))
