"""BicycleGAN networks built from reference options load reference weights and give its outputs."""
import json

import pytest
import torch

from i2itools.models.injection import AllInjection, InputInjection
from i2itools.models.reference_options import reference_net_cfg
from i2itools.registry import MODELS
from reference_fixtures import reference_cases


#: the reference's class -> ours (and, for generators, the injection part that makes it)
REFERENCE_CLASSES = {
    'G_Unet_add_input': ('ZUnetGenerator', InputInjection),
    'G_Unet_add_all': ('ZUnetGenerator', AllInjection),
    'D_NLayersMulti': ('MultiScaleDiscriminator', None),
    'E_ResNet': ('ResnetEncoder', None),
    'E_NLayers': ('ConvEncoder', None),
}




def _as_list(outputs):
    """Our outputs as the fixture lists them: a point encoder's (z, None) becomes [z]."""
    if isinstance(outputs, (list, tuple)):
        return [o for o in outputs if o is not None]
    return [outputs]


@pytest.mark.parametrize('case', reference_cases('bi_'), ids=lambda c: c.stem)
def test_bicycle_reference_checkpoint_loads_strictly_and_gives_reference_outputs(case):
    meta = json.loads(case.read_text())
    assert meta['reference_repo'] == 'junyanz/BicycleGAN'
    data = torch.load(case.with_suffix('.pt'), weights_only=True)
    define = 'bicycle_' + meta['reference_call'].split()[-1]
    net = MODELS.build(reference_net_cfg(define, **meta['kwargs']))

    ours, injection = REFERENCE_CLASSES[meta['module']]
    assert type(net).__name__ == ours
    if injection is not None:
        assert type(net.injection) is injection
    assert list(net.state_dict()) == meta['keys']
    net.load_state_dict(data['state_dict'], strict=True)
    net.eval()
    inputs = [t.clone() for t in data['inputs']]
    with torch.no_grad():
        outputs = _as_list(net(*inputs))

    assert [list(o.shape) for o in outputs] == meta['output_shapes']
    assert len(outputs) == len(data['outputs'])
    for got, expected in zip(outputs, data['outputs']):
        torch.testing.assert_close(got, expected, atol=1e-5, rtol=0)
    # the in-place activations must not leak into the caller's tensors
    for given, original in zip(inputs, data['inputs']):
        torch.testing.assert_close(given, original, atol=0, rtol=0)


def test_bicycle_reference_net_cfg_rejects_unknown_names():
    with pytest.raises(ValueError, match='unet_128'):
        reference_net_cfg('bicycle_define_G', input_nc=3, output_nc=3, nz=8, ngf=8,
                          netG='resnet_9blocks')
    with pytest.raises(ValueError, match='input or all'):
        reference_net_cfg('bicycle_define_G', input_nc=3, output_nc=3, nz=8, ngf=8,
                          where_add='middle')
    with pytest.raises(ValueError, match='basic_256_multi'):
        reference_net_cfg('bicycle_define_D', input_nc=3, ndf=8, netD='pixel')
    with pytest.raises(ValueError, match='conv_256'):
        reference_net_cfg('bicycle_define_E', input_nc=3, output_nc=8, ndf=8, netE='vgg')


@pytest.mark.parametrize('netD', ['basic_128', 'basic_256'])
def test_bicycle_plain_basic_discriminators_are_refused_as_the_reference_crashes(netD):
    with pytest.raises(ValueError, match=f'{netD}_multi'):
        reference_net_cfg('bicycle_define_D', input_nc=3, ndf=8, netD=netD)


def test_bicycle_define_g_without_z_falls_back_to_input_injection_like_the_reference():
    cfg = reference_net_cfg('bicycle_define_G', input_nc=3, output_nc=3, nz=0, ngf=4,
                            netG='unet_128', where_add='all')
    assert cfg['injection'] == 'input'
    assert type(MODELS.build(cfg).injection) is InputInjection


def test_bicycle_define_d_and_e_ignore_nl_like_the_reference():
    d = reference_net_cfg('bicycle_define_D', input_nc=3, ndf=8, netD='basic_256_multi',
                          nl='relu')
    assert 'nonlinearity' not in d
    e = reference_net_cfg('bicycle_define_E', input_nc=3, output_nc=8, ndf=8, netE='conv_128',
                          nl='relu')
    assert e['nonlinearity'] == 'lrelu'
