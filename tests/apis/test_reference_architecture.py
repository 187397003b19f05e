"""A reference latest_net_G.pth tells its architecture; others are refused with a way out."""
import json

import pytest
import torch

from i2itools.apis.reference_architecture import (AmbiguousArchitectureError,
                                                  reference_generator_cfg)
from i2itools.registry import MODELS

GENERATORS = ['cg_G_resnet6_batch_dropout', 'cg_G_resnet9_instance', 'cg_G_unet128_instance_in1',
              'cg_G_unet256_batch_dropout']


@pytest.mark.parametrize('name', GENERATORS)
def test_inferred_generator_gives_the_reference_outputs(reference_dir, name):
    case = reference_dir / f'{name}.pt'
    data = torch.load(case, weights_only=True)
    kwargs = json.loads(case.with_suffix('.json').read_text())['kwargs']
    cfg = reference_generator_cfg(data['state_dict'], case.name)
    assert cfg['norm'] == kwargs['norm'] and cfg['base_channels'] == kwargs['ngf']
    assert (cfg['in_channels'], cfg['out_channels']) == (kwargs['input_nc'], kwargs['output_nc'])
    if cfg['type'] == 'ResnetGenerator':  # U-Net dropout leaves no trace in the weights
        assert cfg['use_dropout'] == kwargs['use_dropout']
    net = MODELS.build(cfg)
    net.load_state_dict(data['state_dict'], strict=True)
    with torch.no_grad():
        out = net.eval()(*data['inputs'])
    torch.testing.assert_close(out, data['outputs'][0], atol=1e-5, rtol=0)


@pytest.mark.parametrize('name, resampling', [
    ('cut_G_resnet9_antialias', ('antialiased', 'antialiased')),
    ('cut_G_resnet6_plain', ('strided', 'transposed'))])
def test_a_cut_generator_tells_its_anti_aliasing_by_its_blur_kernels(reference_dir, name,
                                                                      resampling):
    data = torch.load(reference_dir / f'{name}.pt', weights_only=True)
    cfg = reference_generator_cfg(data['state_dict'], f'{name}.pt')
    assert (cfg['downsampling'], cfg['upsampling']) == resampling
    net = MODELS.build(cfg)
    net.load_state_dict(data['state_dict'], strict=True)
    with torch.no_grad():
        torch.testing.assert_close(net.eval()(data['input']), data['output'], atol=1e-5, rtol=0)


def test_a_discriminator_is_refused_with_a_pointer_to_config(reference_dir):
    data = torch.load(reference_dir / 'cg_D_basic_batch_cond.pt', weights_only=True)
    with pytest.raises(AmbiguousArchitectureError, match='--config'):
        reference_generator_cfg(data['state_dict'], 'latest_net_D.pth')
