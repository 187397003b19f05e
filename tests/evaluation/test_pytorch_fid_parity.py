"""inception='pytorch-fid' against the pytorch-fid package itself, offline: its network built on
a random state dict (its weight download patched to return it), the same dict saved as the file
ours loads; pool features equal, and FID equal to pytorch-fid's own path from image folders."""
import pytest
import torch
from image_files import generated_images, real_images, write_pngs
from pytorch_fid import inception as pytorch_fid_inception
from pytorch_fid.fid_score import calculate_fid_given_paths
from torchvision.models import inception_v3

from i2itools.evaluation.functional.inception_features import load_inception_features
from i2itools.evaluation.metrics import FID

# scipy's square root of the singular covariance product of a few images, as pytorch-fid calls it
pytestmark = [pytest.mark.filterwarnings('ignore:Matrix is singular'),
              pytest.mark.filterwarnings('ignore:The `disp` argument is deprecated')]


@pytest.fixture
def offline_pytorch_fid(graph_weights, monkeypatch):
    """pytorch-fid builds its FID Inception on the random state dict instead of downloading."""
    monkeypatch.setattr(pytorch_fid_inception, 'load_state_dict_from_url',
                        lambda *args, **kwargs: graph_weights[1])


def test_pool_features_equal_pytorch_fids_and_differ_from_torchvisions_blocks(
        graph_weights, offline_pytorch_fid):
    reals, _ = real_images(3, 37, 50, seed=0)
    theirs_net = pytorch_fid_inception.InceptionV3([3]).eval()
    ours = load_inception_features(graph_weights[0], 'cpu', inception='pytorch-fid')
    with torch.no_grad():
        theirs = theirs_net((reals + 1) / 2)[0].flatten(1)  # it reads files as values / 255
        features = ours(reals)
        torchvision_blocks = inception_v3(weights=None, aux_logits=False, num_classes=1008,
                                          init_weights=False)
        torchvision_blocks.load_state_dict(graph_weights[1])
        torchvision_blocks.fc = torch.nn.Identity()
        plain = torchvision_blocks.eval()(ours.prepare(reals))
    torch.testing.assert_close(features, theirs, rtol=0, atol=1e-5)
    # the graph's pooling is what makes them equal: torchvision's own blocks differ
    assert (plain - theirs).abs().max() > 1e-3


def test_fid_equals_pytorch_fids_from_the_saved_files(graph_weights, offline_pytorch_fid,
                                                      tmp_path):
    fakes, fake_files = generated_images(4, 40, 48, seed=1)
    reals, real_files = real_images(5, 32, 32, seed=2)
    theirs = calculate_fid_given_paths(
        [str(write_pngs(fake_files, tmp_path / 'fake_B')),
         str(write_pngs(real_files, tmp_path / 'B'))],
        batch_size=8, device='cpu', dims=2048, num_workers=0)
    # five test items: as the unaligned loader does, the smaller domain's first input repeats
    samples = [dict(fake_B=fakes[i % 4], A_path=f'A/{i % 4}.png', B=reals[i], B_path=f'B/{i}.png')
               for i in range(5)]
    metric = FID(inception='pytorch-fid', inception_weights=graph_weights[0],
                 fake_path='A_path', real_path='B_path', device='cpu')
    metric.process({}, samples)
    ours = metric.evaluate(len(samples))['FID']
    assert theirs > 0.01
    assert ours == pytest.approx(theirs, abs=1e-3)
