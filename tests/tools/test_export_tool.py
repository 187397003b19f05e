"""tools/export.py: TorchScript export with free sizes, verified and described by a sidecar."""
import json

import torch


def test_torchscript_export_is_verified_and_described(run_tool_process, pix2pix_run, copy_run):
    # export.py's real process; it writes beside the checkpoint, so into a copy
    work = copy_run(pix2pix_run).work
    result = run_tool_process('export.py', work / 'iter_4.pth', '--format', 'torchscript',
                              '--dynamic', '--size', '32')
    assert result.returncode == 0, result.stderr[-3000:]
    out = work / 'iter_4_torchscript'
    assert 'max abs difference to PyTorch' in result.stdout
    sidecar = json.loads((out / 'G.json').read_text())
    assert sidecar['inputs'][0]['shape'] == ['N', 3, 'H', 'W'] and sidecar['size_multiple'] == 32
    assert sidecar['max_abs_diff'] < 1e-4 and sidecar['nz'] == 0
    generator = torch.jit.load(str(out / 'G.pt'))
    assert generator(torch.zeros(1, 3, 64, 96)).shape == (1, 3, 64, 96)


def test_opset_without_onnx_is_refused(run_tool):
    result = run_tool('export.py', 'x.pth', '--format', 'torchscript', '--opset', '17')
    assert result.returncode == 2 and '--opset goes with --format onnx' in result.stderr
