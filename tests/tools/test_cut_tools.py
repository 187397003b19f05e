"""FastCUT through the tools like any other family: train (with an EMA of G, validation and the
decay-phase pipeline switch), test with its gallery, translate any size, publish G alone, export."""
import json

import numpy as np
import torch
from PIL import Image

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)
from i2itools.apis import load_translator

#: the tiny FastCUT run, validated every 2 iterations, with an EMA of G
VALIDATED_WITH_EMA = '''
_base_ = ['{config}']
train_cfg = dict(val_begin=2, val_interval=2)
default_hooks = dict(ema=dict(type='NetEMAHook', nets=('G',), momentum=0.5))
'''


def _train(run_tool, tiny_fastcut_config, tmp_path):
    config = tmp_path / 'tiny_fastcut_ema.py'
    config.write_text(VALIDATED_WITH_EMA.format(config=tiny_fastcut_config))
    work = tmp_path / 'work'
    result = run_tool('train.py', config, '--work-dir', work)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return config, work, result.stdout + result.stderr


def test_training_saves_g_f_d_validates_switches_pipeline_and_test_writes_the_gallery(
        run_tool, tiny_fastcut_config, tmp_path):
    config, work, log = _train(run_tool, tiny_fastcut_config, tmp_path)
    state = torch.load(work / 'iter_4.pth', weights_only=True)
    assert set(state['optimizer']) == {'G', 'F', 'D'}  # F has its own Adam, saved and resumed
    assert {k.split('.')[0] for k in state['ema_state_dict']} == {'G'}
    for name in ('G', 'F', 'D'):
        assert (work / f'latest_net_{name}.pth').is_file()
    assert 'from iteration 3 on, the training data pipeline is PairedPipeline([Resize' in log
    assert list(work.glob('best_AtoB_L1_iter_*.pth'))  # validated
    grid = Image.open(work / 'samples' / 'iter_00000004.png')
    assert grid.size == (3 * 32, 32)  # A_flip | fake_B | B

    out = tmp_path / 'test'
    result = run_tool('test.py', config, work / 'iter_4.pth', '--out', out)
    assert result.returncode == 0, result.stderr[-3000:]
    names = sorted(p.name for p in (out / 'images').iterdir())
    assert names == sorted(f'{i:04d}_{k}.png' for i in range(3) for k in ('A', 'fake_B', 'B'))
    assert (out / 'index.html').is_file()
    assert set(json.loads((out / 'metrics.json').read_text())) == {
        'AtoB_L1', 'AtoB_mask_IoU', 'AtoB_texture'}


def test_translate_publish_and_export_use_the_generator_alone(run_tool, tiny_fastcut_config,
                                                              tmp_path):
    _, work, _ = _train(run_tool, tiny_fastcut_config, tmp_path)
    result = run_tool('publish.py', work / 'iter_4.pth', tmp_path / 'fastcut.pth')
    assert result.returncode == 0, result.stderr[-3000:]
    (published,) = tmp_path.glob('fastcut-*.pth')
    state = torch.load(published, weights_only=True)
    assert {k.split('.')[0] for k in state['state_dict']} == {'G'} == set(state['meta']['nets'])

    pixels = np.random.default_rng(0).integers(0, 256, (30, 42, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(tmp_path / 'odd.png')
    result = run_tool('translate.py', published, tmp_path / 'odd.png', '--out', tmp_path / 'out')
    assert result.returncode == 0, result.stderr[-3000:]
    translated = np.asarray(Image.open(tmp_path / 'out' / 'odd.png'))
    # the published file keeps the raw weights, not the EMA
    trained = load_translator(str(work / 'iter_4.pth'), device='cpu', ema=False)
    assert translated.shape == (30, 42, 3)
    assert np.array_equal(translated, trained.translate(pixels))

    result = run_tool('export.py', published, '--format', 'torchscript', '--dynamic',
                      '--size', '32', '--out', tmp_path / 'exported')
    assert result.returncode == 0, result.stderr[-3000:]
    sidecar = json.loads((tmp_path / 'exported' / 'G.json').read_text())
    assert sidecar['size_multiple'] == 4 and sidecar['max_abs_diff'] < 1e-4
