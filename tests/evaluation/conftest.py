"""Fixtures of the evaluation tests that compare with pytorch-fid and clean-fid."""
import warnings

import pytest
from cleanfid import inception_pytorch
from random_weight_files import save_random_inception


@pytest.fixture(scope='session')
def graph_weights(tmp_path_factory):
    """(path, state dict) of a random Inception in the layout of pytorch-fid's
    pt_inception-2015-12-05 file: the file ours loads, the dict their download is patched to
    return; made once per session (read-only)."""
    path = tmp_path_factory.mktemp('weights') / 'pt_inception_random.pth'
    return path, save_random_inception(path, classes=1008, aux_logits=False).state_dict()


@pytest.fixture
def clean_fid_extractor(graph_weights, monkeypatch):
    """clean-fid's feature function for 299 x 299 batches of 0..255 values, standing in for its
    downloaded TorchScript network: its PyTorch port of the same graph on the random weights
    (its weight download patched), fed (x - 128) / 128 as its wrapper InceptionV3W feeds the
    TorchScript network."""
    monkeypatch.setattr(inception_pytorch, 'load_state_dict_from_url',
                        lambda *args, **kwargs: graph_weights[1])
    with warnings.catch_warnings():  # torchvision's note on the `pretrained` argument it passes
        warnings.simplefilter('ignore', UserWarning)
        net = inception_pytorch.InceptionV3([3], resize_input=False, normalize_input=False).eval()
    return lambda batch: net((batch - 128) / 128)[0].flatten(1)
