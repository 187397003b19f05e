"""The benchmarks measure what they say: the reference's plain step is the Translator's math, the
loop breakdown's parts add up to its iterations, the data rate counts real items."""
import copy

import pytest
import torch
from mmengine.optim import build_optim_wrapper

from i2itools.apis import build_model
from i2itools.apis.benchmarking import (benchmark_reference_loop, benchmark_training,
                                        gpu_bf16_peak_tflops, synthetic_batch)
from i2itools.apis.data_throughput import benchmark_data
from i2itools.apis.loop_breakdown import PARTS, benchmark_loop
from i2itools.apis.reference_steps import reference_step
from i2itools.engine.config_loading import load_config

TINY = {
    'configs/pix2pix/synth_facades.py': {'model.nets.G.num_downs': 5,
                                         'model.nets.G.base_channels': 4,
                                         'model.nets.D.base_channels': 4},
    'configs/cyclegan/synth_stripes.py': {
        **{f'model.nets.{n}.base_channels': 4 for n in ('G_A', 'G_B', 'D_A', 'D_B')},
        'model.nets.G_A.num_blocks': 1, 'model.nets.G_B.num_blocks': 1},
    'configs/bicycle/z8_all.py': {f'model.nets.{n}.base_channels': 4
                                  for n in ('G', 'D', 'D2', 'E')},
}


def _tiny(config):
    cfg = load_config(config, TINY[config])
    torch.manual_seed(0)
    return cfg, build_model(cfg, 'cpu')


@pytest.mark.parametrize('config', list(TINY))
def test_reference_step_trains_every_net_of_the_model(config):
    cfg, model = _tiny(config)
    before = copy.deepcopy(model.state_dict())
    batch = synthetic_batch(cfg, 2, 32, torch.device('cpu'))
    reference_step(model)(batch['A'].float() / 127.5 - 1, batch['B'].float() / 127.5 - 1)
    for name in model.net_names:
        assert any(not torch.equal(value, before[f'{name}.{key}'])
                   for key, value in getattr(model, name).named_parameters()), name


def test_reference_pix2pix_step_is_the_translators_step():
    cfg, model = _tiny('configs/pix2pix/synth_facades.py')
    ours = copy.deepcopy(model)
    batch = synthetic_batch(cfg, 1, 32, torch.device('cpu'))
    torch.manual_seed(1)  # the same dropout masks
    reference_step(model)(batch['A'].float() / 127.5 - 1, batch['B'].float() / 127.5 - 1)
    torch.manual_seed(1)
    ours.train_step(batch, build_optim_wrapper(ours, cfg.optim_wrapper))
    for (key, mine), theirs in zip(ours.state_dict().items(), model.state_dict().values()):
        torch.testing.assert_close(mine, theirs, rtol=0, atol=1e-6, msg=key)


def test_reference_step_refuses_a_model_it_does_not_know():
    cfg, model = _tiny('configs/pix2pix/synth_facades.py')
    model.net_names = ('G',)
    with pytest.raises(ValueError, match=r"this model has \['G'\]"):
        reference_step(model)


def test_step_benchmarks_report_time_and_the_same_flops():
    cfg, model = _tiny('configs/pix2pix/synth_facades.py')
    ours = benchmark_training(model, cfg, 1, 32, warmup=1, chunk_iters=2, chunks=2)
    plain = benchmark_reference_loop(model, cfg, 1, 32, warmup=1, chunk_iters=2, chunks=2)
    for result in (ours, plain):
        assert result['ms_per_iter'] > 0 and len(result['chunk_ms']) == 2
        assert result['images_per_s'] == pytest.approx(1000 / result['ms_per_iter'])
    assert ours['flops'] == plain['flops'] > 0  # pix2pix: the same convolutions either way


def test_loop_breakdown_parts_add_up_to_the_iterations(tiny_config):
    cfg = load_config(str(tiny_config))
    result = benchmark_loop(cfg, warmup=2, iters=3)
    ms = result['ms']
    assert result['iterations'] == 3
    assert all(ms[part] >= 0 for part in PARTS) and ms['step'] > 0
    assert sum(ms[part] for part in PARTS) <= ms['total'] and ms['loop'] >= 0
    assert result['slowest_hooks'] and all(t >= 0 for t in result['slowest_hooks'].values())


def test_data_rate_counts_decoded_augmented_items(tiny_config):
    result = benchmark_data(load_config(str(tiny_config)), samples=6, warmup=1)
    assert result['items_per_s'] > 0 and result['decode_per_s'] > 0
    assert result['image_size'] == (3, 32, 32) and result['dataset'] == 6


def test_gpu_peaks_match_the_most_specific_name():
    assert gpu_bf16_peak_tflops('NVIDIA H100 PCIe') == 756.0
    assert gpu_bf16_peak_tflops('NVIDIA H100 80GB HBM3') == 989.4
    assert gpu_bf16_peak_tflops('NVIDIA A10G') == 70.0
    assert gpu_bf16_peak_tflops('Some GPU') is None
