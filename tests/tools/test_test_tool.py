"""tools/test.py: translations, gallery, reference checkpoints, train vs eval mode."""
import re

import pytest
import torch

import i2itools  # noqa: F401  (allow-lists what checkpoints hold, for torch.load)


def _images(folder):
    return sorted(p.name for p in (folder / 'images').iterdir())


def test_writes_every_test_translation_and_an_html_gallery(run_tool_process, pix2pix_run,
                                                           copy_run):
    # test.py's real process; by default it writes beside the checkpoint, so into a copy
    run = copy_run(pix2pix_run)
    result = run_tool_process('test.py', run.config, run.work / 'iter_4.pth')
    assert result.returncode == 0, result.stderr[-3000:]
    out = run.work / 'test_iter_4'
    assert _images(out) == sorted(f'{i:04d}_{k}.png' for i in range(3) for k in ('A', 'B', 'fake_B'))
    page = (out / 'index.html').read_text()
    assert page.count('<td class="name">') == 3  # one row per test image
    assert re.search(r'>input A</th><th[^>]*>A → B</th><th[^>]*>ground truth B</th>', page)
    assert 'train mode' in result.stdout


def test_num_test_limits_the_output(run_tool, pix2pix_run, tmp_path):
    result = run_tool('test.py', pix2pix_run.config, pix2pix_run.work / 'iter_4.pth',
                                 '--num-test', '2', '--out', tmp_path / 'two')
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(_images(tmp_path / 'two')) == 6


def test_reference_generator_file_loads_into_g_and_matches_the_checkpoint(
        run_tool, pix2pix_run, tmp_path):
    outputs = {}
    # latest_net_G.pth holds G of the last checkpoint, iteration 4
    for name, ckpt in [('full', 'iter_4.pth'), ('ref', 'latest_net_G.pth')]:
        result = run_tool('test.py', pix2pix_run.config, pix2pix_run.work / ckpt,
                                     '--eval', '--out', tmp_path / name)
        assert result.returncode == 0, result.stderr[-3000:]
        outputs[name] = (tmp_path / name / 'images' / '0000_fake_B.png').read_bytes()
    assert 'loaded G from' in result.stdout and 'eval mode' in result.stdout
    assert outputs['full'] == outputs['ref']


def test_checkpoint_of_another_architecture_is_refused_clearly(run_tool, pix2pix_run,
                                                               tmp_path):
    state = torch.load(pix2pix_run.work / 'latest_net_G.pth', weights_only=True)
    state.pop('model.model.0.weight')
    torch.save(state, tmp_path / 'latest_net_G.pth')
    result = run_tool('test.py', pix2pix_run.config, tmp_path / 'latest_net_G.pth')
    assert result.returncode != 0
    assert 'fits none of the nets' in result.stderr and 'model.model.0.weight' in result.stderr


@pytest.mark.parametrize('args, message', [
    (['--sync'], '--sync and --no-encode go with --n-samples'),
    (['--n-samples', '2', '--eval'], 'it takes no --eval, --direction or --input'),
])
def test_options_that_would_be_ignored_are_refused(run_tool, tiny_config, args,
                                                   message):
    result = run_tool('test.py', tiny_config, 'unused.pth', *args)
    assert result.returncode == 2 and message in result.stderr
