"""Networks built from reference options load reference weights and give reference outputs."""
import json

import pytest
import torch

from i2itools.models.reference_options import reference_net_cfg
from i2itools.registry import MODELS
from reference_fixtures import reference_cases




@pytest.mark.parametrize('case', reference_cases('cg_'), ids=lambda c: c.stem)
def test_reference_checkpoint_loads_strictly_and_gives_reference_outputs(case):
    meta = json.loads(case.read_text())
    data = torch.load(case.with_suffix('.pt'), weights_only=True)
    define = meta['reference_call'].split()[-1]
    net = MODELS.build(reference_net_cfg(define, **meta['kwargs']))

    assert type(net).__name__ == meta['module']
    assert list(net.state_dict()) == meta['keys']
    net.load_state_dict(data['state_dict'], strict=True)
    net.eval()
    with torch.no_grad():
        outputs = net(*data['inputs'])
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]

    assert [list(o.shape) for o in outputs] == meta['output_shapes']
    for got, expected in zip(outputs, data['outputs']):
        torch.testing.assert_close(got, expected, atol=1e-5, rtol=0)


def test_reference_net_cfg_rejects_unknown_names():
    with pytest.raises(ValueError, match='resnet_9blocks'):
        reference_net_cfg('define_G', input_nc=3, output_nc=3, ngf=8, netG='unet_64')
    with pytest.raises(ValueError, match='pixel'):
        reference_net_cfg('define_D', input_nc=3, ndf=8, netD='multiscale')
    with pytest.raises(ValueError, match='define_G'):
        reference_net_cfg('define_E', input_nc=3)


def test_reference_basic_discriminator_ignores_n_layers_d_like_the_reference():
    cfg = reference_net_cfg('define_D', input_nc=3, ndf=8, netD='basic', n_layers_D=5)
    assert cfg['num_layers'] == 3
