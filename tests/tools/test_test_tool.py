"""tools/test.py: translations, gallery, reference checkpoints, train vs eval mode."""
import re

import pytest
import torch

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)


@pytest.fixture
def trained(run_tool, tiny_config, tmp_path):
    work = tmp_path / 'work'
    result = run_tool('train.py', tiny_config, '--work-dir', work,
                      '--cfg-options', 'train_cfg.max_iters=2')
    assert result.returncode == 0, result.stderr[-3000:]
    return work


def _images(folder):
    return sorted(p.name for p in (folder / 'images').iterdir())


def test_writes_every_test_translation_and_an_html_gallery(run_tool, tiny_config, trained):
    result = run_tool('test.py', tiny_config, trained / 'iter_2.pth')
    assert result.returncode == 0, result.stderr[-3000:]
    out = trained / 'test_iter_2'
    assert _images(out) == sorted(f'{i:04d}_{k}.png' for i in range(3) for k in ('A', 'B', 'fake_B'))
    page = (out / 'index.html').read_text()
    assert page.count('<td class="name">') == 3  # one row per test image
    assert re.search(r'>input A</th><th[^>]*>A → B</th><th[^>]*>ground truth B</th>', page)
    assert 'train mode' in result.stdout


def test_num_test_limits_the_output(run_tool, tiny_config, trained, tmp_path):
    result = run_tool('test.py', tiny_config, trained / 'iter_2.pth', '--num-test', '2',
                      '--out', tmp_path / 'two')
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(_images(tmp_path / 'two')) == 6


def test_reference_generator_file_loads_into_g_and_matches_the_checkpoint(run_tool, tiny_config,
                                                                          trained, tmp_path):
    outputs = {}
    for name, ckpt in [('full', trained / 'iter_2.pth'), ('ref', trained / 'latest_net_G.pth')]:
        result = run_tool('test.py', tiny_config, ckpt, '--eval', '--out', tmp_path / name)
        assert result.returncode == 0, result.stderr[-3000:]
        outputs[name] = (tmp_path / name / 'images' / '0000_fake_B.png').read_bytes()
    assert 'loaded G from' in result.stdout and 'eval mode' in result.stdout
    assert outputs['full'] == outputs['ref']


def test_checkpoint_of_another_architecture_is_refused_clearly(run_tool, tiny_config, trained,
                                                               tmp_path):
    state = torch.load(trained / 'latest_net_G.pth', weights_only=True)
    state.pop('model.model.0.weight')
    torch.save(state, tmp_path / 'latest_net_G.pth')
    result = run_tool('test.py', tiny_config, tmp_path / 'latest_net_G.pth')
    assert result.returncode != 0
    assert 'fits none of the nets' in result.stderr and 'model.model.0.weight' in result.stderr


@pytest.mark.parametrize('args, message', [
    (['--sync'], '--sync and --no-encode go with --n-samples'),
    (['--n-samples', '2', '--eval'], 'it takes no --eval, --direction or --input'),
])
def test_options_that_would_be_ignored_are_refused(run_tool, tiny_config, args, message):
    result = run_tool('test.py', tiny_config, 'unused.pth', *args)
    assert result.returncode == 2 and message in result.stderr
