"""tools/publish.py: a small file with G, the config, version and iterations; hash in its name."""
import hashlib
import re

import torch

import i2itools
from i2itools.apis import load_translator


def test_published_file_keeps_what_inference_needs_and_names_its_hash(run_tool_process,
                                                                      pix2pix_run, tmp_path):
    checkpoint = pix2pix_run.work / 'iter_4.pth'
    # publish.py's real process
    result = run_tool_process('publish.py', checkpoint, tmp_path / 'facades.pth')
    assert result.returncode == 0, result.stderr[-3000:]
    (path,) = tmp_path.glob('facades-*.pth')
    assert re.fullmatch(r'facades-[0-9a-f]{8}\.pth', path.name)
    assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(path.stem.split('-')[1])
    state = torch.load(path, weights_only=True)
    assert set(state) == {'meta', 'state_dict'}  # no optimizer, no message hub
    assert {k.split('.')[0] for k in state['state_dict']} == {'G'}  # no discriminator
    assert state['meta']['iter'] == 4 and state['meta']['i2itools_version'] == i2itools.__version__
    assert path.stat().st_size < checkpoint.stat().st_size / 2
    image = torch.rand(1, 3, 32, 32) * 2 - 1
    outputs = [load_translator(str(p), device='cpu', mode='eval').translate_tensor(image)
               for p in (checkpoint, path)]
    torch.testing.assert_close(*outputs, rtol=0, atol=0)


def test_a_file_without_config_is_refused(run_tool, tmp_path):
    torch.save({'model.model.0.weight': torch.zeros(1)}, tmp_path / 'latest_net_G.pth')
    result = run_tool('publish.py', tmp_path / 'latest_net_G.pth', tmp_path / 'out.pth')
    assert result.returncode != 0 and 'not an i2itools training checkpoint' in result.stderr
