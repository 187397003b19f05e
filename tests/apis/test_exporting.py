"""ONNX and TorchScript exports of G (with z) and E match PyTorch; the docs' snippet runs."""
import json
import os
import re
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch

from i2itools.apis import load_translator
from i2itools.apis.exporting import export_translator
from i2itools.utils.image_io import write_image

DOCS = Path(__file__).resolve().parents[2] / 'docs' / 'inference.md'


def test_onnx_generator_with_z_and_encoder_match_pytorch_and_run_from_the_docs(
        bicycle_checkpoint, tmp_path):
    onnxruntime = pytest.importorskip('onnxruntime')  # the optional `export` extra
    translator = load_translator(str(bicycle_checkpoint), device='cpu')
    # one export (~10 s per net on a CPU) serves every check below
    sidecars = export_translator(translator, tmp_path / 'export', 'onnx', dynamic=True, size=32)
    assert [s['file'] for s in sidecars] == ['G.onnx', 'E.onnx']
    assert all(s['max_abs_diff'] < 1e-4 for s in sidecars)  # measured at two sizes each
    generator = json.loads((tmp_path / 'export' / 'G.json').read_text())
    assert [i['name'] for i in generator['inputs']] == ['A', 'z']
    assert generator['inputs'][0]['shape'] == ['N', 3, 'H', 'W'] and generator['nz'] == 8
    # a third size, chosen here: H and W really are free
    session = onnxruntime.InferenceSession(str(tmp_path / 'export' / 'G.onnx'))
    image, z = torch.rand(1, 3, 64, 96) * 2 - 1, torch.randn(1, 8)
    got = session.run(None, {'A': image.numpy(), 'z': z.numpy()})[0]
    with torch.no_grad():
        expected = translator.generator(image, z).numpy()
    assert np.abs(got - expected).max() < 1e-4
    _run_docs_snippet(tmp_path)


def _run_docs_snippet(folder):
    """Run the onnxruntime snippet of docs/inference.md in ``folder`` (which holds export/)."""
    write_image(str(folder / 'input.png'), np.random.default_rng(0).integers(
        0, 255, (64, 96, 3), dtype=np.uint8))
    snippet = re.search(r'<!-- onnxruntime snippet -->\s*```python\n(.*?)```', DOCS.read_text(),
                        re.S).group(1)
    assert len(snippet.strip().splitlines()) <= 12
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        exec(snippet, {})
    finally:
        os.chdir(cwd)
    assert cv2.imread(str(folder / 'output.png')).shape == (64, 96, 3)


def test_torchscript_generator_matches_pytorch_at_another_size(pix2pix_checkpoint, tmp_path):
    translator = load_translator(str(pix2pix_checkpoint), device='cpu', mode='eval')
    (sidecar,) = export_translator(translator, tmp_path, 'torchscript', dynamic=True, size=32)
    assert sidecar['max_abs_diff'] < 1e-4 and sidecar['mode'] == 'eval'
    image = torch.rand(2, 3, 96, 64) * 2 - 1
    with torch.no_grad():
        torch.testing.assert_close(torch.jit.load(str(tmp_path / 'G.pt'))(image),
                                   translator.generator(image), atol=1e-5, rtol=0)
