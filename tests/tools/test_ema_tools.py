"""With NetEMAHook on, checkpoints hold the generator's moving average beside its raw weights;
test and translate use the average unless told --no-ema / ema=False."""
import json

import torch

from i2itools.apis import load_model, load_translator
from i2itools.engine.hooks.net_ema_hook import EMA_CHECKPOINT_KEY

#: the tiny pix2pix run averaging G with momentum 0.5 from the first iteration
WITH_EMA = '''
_base_ = ['{config}']
default_hooks = dict(ema=dict(type='NetEMAHook', nets=('G',), momentum=0.5))
'''


def _trained_with_ema(run_tool, tiny_config, tmp_path):
    """(config, the last checkpoint) of the tiny pix2pix run with an EMA of G."""
    config = tmp_path / 'tiny_ema.py'
    config.write_text(WITH_EMA.format(config=tiny_config))
    work = tmp_path / 'work'
    result = run_tool('train.py', config, '--work-dir', work, env={'OMP_NUM_THREADS': '1'})
    assert result.returncode == 0, result.stderr[-3000:]
    return config, work / 'iter_4.pth'


def _g_weights(model):
    return {f'G.{k}': v for k, v in model.G.state_dict().items()}


def test_checkpoint_holds_a_differing_average_that_loading_and_test_use_unless_raw(
        run_tool, tiny_config, tmp_path):
    config, checkpoint = _trained_with_ema(run_tool, tiny_config, tmp_path)
    state = torch.load(checkpoint, weights_only=True)
    average, raw = state[EMA_CHECKPOINT_KEY], state['state_dict']
    assert set(average) == {k for k in raw if k.startswith('G.')}
    assert not torch.equal(average['G.model.model.0.weight'], raw['G.model.model.0.weight'])

    for ema, expected in ((True, average), (False, raw)):
        model, _, _ = load_model(str(checkpoint), device='cpu', ema=ema)
        assert all(torch.equal(v, expected[k]) for k, v in _g_weights(model).items())
        generator = load_translator(str(checkpoint), device='cpu', ema=ema).generator
        assert all(torch.equal(v, expected[f'G.{k}']) for k, v in generator.state_dict().items())
    model, _, _ = load_model(str(checkpoint), device='cpu')
    assert torch.equal(model.D.model[0].weight, raw['D.model.0.weight'])  # not averaged

    scores = {}
    for name, extra in (('ema', []), ('raw', ['--no-ema'])):
        out = tmp_path / name
        result = run_tool('test.py', config, checkpoint, '--out', out, *extra)
        assert result.returncode == 0, result.stderr[-3000:]
        scores[name] = json.loads((out / 'metrics.json').read_text())
    assert scores['ema']['L1'] != scores['raw']['L1']
