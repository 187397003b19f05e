"""The papers' protocols (configs/eval/*.py): loading and checking a protocol file, filling the
weight files into its metrics, applying it to a model's config, and the BicycleGAN diversity
protocol on a tiny (untrained) BicycleGAN's test outputs."""
from pathlib import Path

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner
from random_weight_files import save_random_lpips

from i2itools.apis import build_model
from i2itools.evaluation.functional.eight_bit import as_saved_8bit
from i2itools.evaluation.functional.lpips import build_lpips
from i2itools.evaluation.protocols import (ProtocolError, apply_protocol, load_protocol,
                                           set_metric_arguments)
from i2itools.registry import EVALUATOR

REPO = Path(__file__).resolve().parents[2]
PROTOCOLS = REPO / 'configs' / 'eval'
TINY_BICYCLE = '''
_base_ = ['{repo}/configs/bicycle/z8_all.py']
_d = dict(base_channels=4, num_layers=2)
model = dict(nets=dict(G=dict(num_downs=5, base_channels=4), E=dict(num_blocks=2, base_channels=4),
                       D=_d, D2=_d))
builtin = dict(_delete_=True, name='synth_shapes', size=32, num_train=2, num_val=0, num_test=2)
test_dataloader = dict(num_workers=0, dataset=dict(data_root='{data}', builtin=builtin))
'''


def test_every_shipped_protocol_loads_with_its_metrics():
    names = sorted(path.stem for path in PROTOCOLS.glob('*.py'))
    assert names == ['bicycle_diversity', 'unpaired_fid']
    for name in names:
        assert load_protocol(str(PROTOCOLS / f'{name}.py')).metrics


@pytest.mark.parametrize('text', ['num_inputs = 10\n',
                                  "metrics = [dict(type='FID')]\nnum_input = 10\n"])
def test_a_protocol_without_metrics_or_with_an_unknown_key_is_refused(text, tmp_path):
    path = tmp_path / 'mine.py'
    path.write_text(text)
    with pytest.raises(ProtocolError, match='sets a non-empty list `metrics` and optionally '
                       'num_inputs and num_samples'):
        load_protocol(str(path))


def test_weights_fill_nested_metric_arguments_and_a_foreign_argument_is_refused():
    metrics = load_protocol(str(PROTOCOLS / 'bicycle_diversity.py')).metrics
    filled = set_metric_arguments(metrics, backbone_weights='alexnet.pth')
    assert filled[0]['lpips']['backbone_weights'] == 'alexnet.pth'
    assert metrics[0]['lpips']['backbone_weights'] == 'weights/alexnet-owt-7be5be79.pth'
    with pytest.raises(ProtocolError, match="no metric of this protocol takes 'inception'; its "
                       r"metrics are \['SampleDiversity'\]"):
        set_metric_arguments(metrics, inception='clean-fid')


def test_applying_sets_the_evaluator_and_the_samples_per_input():
    protocol = load_protocol(str(PROTOCOLS / 'bicycle_diversity.py'))
    cfg = apply_protocol(Config.fromfile(str(REPO / 'configs' / 'bicycle' / 'z8_all.py')),
                         protocol)
    assert cfg.model.test_branches.samples.num_samples == 20
    assert cfg.test_evaluator.metrics == protocol.metrics
    pix2pix = Config.fromfile(str(REPO / 'configs' / 'pix2pix' / 'synth_facades.py'))
    with pytest.raises(ProtocolError, match='draws 20 samples per input, but the model has no '
                       'SamplesBranch'):
        apply_protocol(pix2pix, protocol)


def test_bicycle_diversity_is_lpips_v00_of_consecutive_saved_samples(tmp_path):
    config = tmp_path / 'tiny_bicycle.py'
    config.write_text(TINY_BICYCLE.format(repo=REPO, data=tmp_path / 'data'))
    backbone = save_random_lpips(tmp_path, 'alex')[0]
    protocol = load_protocol(str(PROTOCOLS / 'bicycle_diversity.py'))
    protocol.metrics = set_metric_arguments(protocol.metrics, backbone_weights=str(backbone))
    cfg = apply_protocol(Config.fromfile(str(config)), protocol)
    torch.manual_seed(0)
    model = build_model(cfg, 'cpu').eval()
    evaluator = EVALUATOR.build(cfg.test_evaluator)
    batch = next(iter(Runner.build_dataloader(cfg.test_dataloader)))
    outputs = model.test_step(batch)
    evaluator.process(outputs, batch)
    scores = evaluator.evaluate(len(outputs))
    lpips = build_lpips('alex', backbone, version='0.0', device='cpu')
    distances = []  # per input, the mean over its 19 consecutive pairs of saved samples
    with torch.no_grad():
        for output in outputs:
            saved = as_saved_8bit(output['samples_B'])
            distances.append(lpips(saved[:-1], saved[1:]).mean())
    assert outputs[0]['samples_B'].shape == (20, 3, 32, 32)
    assert scores['diversity_LPIPS'] == pytest.approx(torch.stack(distances).mean().item(),
                                                      rel=1e-5)
    assert scores['diversity_LPIPS'] > 0
