"""inception='clean-fid' against the clean-fid package itself, offline. Its 'clean' mode runs a
TorchScript Inception that it downloads and that cannot be made with random weights; in its
place stands clean-fid's own PyTorch port of the same graph (cleanfid.inception_pytorch, its
weight download patched to return a random state dict, saved as the file ours loads), fed
(x - 128) / 128 as the TorchScript wrapper InceptionV3W feeds it. clean-fid's own code does the
rest: reading the files, its PIL resize, the features of a folder and compute_fid (the
clean_fid_extractor fixture of conftest.py)."""
import pytest
import torch
from cleanfid.fid import compute_fid, get_folder_features
from image_files import generated_images, real_images, write_pngs

from i2itools.evaluation.functional.inception_features import load_inception_features
from i2itools.evaluation.metrics import FID

CPU = torch.device('cpu')
# scipy's square root of the singular covariance product of a few images, as clean-fid calls it
pytestmark = [pytest.mark.filterwarnings('ignore:Matrix is singular'),
              pytest.mark.filterwarnings('ignore:The `disp` argument is deprecated')]


def test_pool_features_equal_clean_fids_of_the_files(graph_weights, clean_fid_extractor,
                                                     tmp_path):
    reals, files = real_images(3, 37, 50, seed=0)
    folder = write_pngs(files, tmp_path / 'real')
    theirs = get_folder_features(str(folder), clean_fid_extractor, num_workers=0, batch_size=8,
                                 device=CPU, mode='clean', verbose=False)
    with torch.no_grad():
        ours = load_inception_features(graph_weights[0], 'cpu', inception='clean-fid')(reals)
    torch.testing.assert_close(ours, torch.from_numpy(theirs), rtol=0, atol=1e-5)


def test_fid_equals_clean_fids_compute_fid_of_the_saved_files(graph_weights, clean_fid_extractor,
                                                              tmp_path):
    fakes, fake_files = generated_images(4, 40, 48, seed=1)
    reals, real_files = real_images(4, 32, 32, seed=2)
    theirs = compute_fid(str(write_pngs(fake_files, tmp_path / 'fake_B')),
                         str(write_pngs(real_files, tmp_path / 'B')), mode='clean',
                         custom_feat_extractor=clean_fid_extractor, num_workers=0, batch_size=8,
                         device=CPU, verbose=False)
    metric = FID(inception='clean-fid', inception_weights=graph_weights[0], device='cpu')
    metric.process({}, [dict(fake_B=fake, B=real) for fake, real in zip(fakes, reals)])
    ours = metric.evaluate(len(fakes))['FID']
    assert theirs > 0.01
    assert ours == pytest.approx(theirs, abs=1e-3)
