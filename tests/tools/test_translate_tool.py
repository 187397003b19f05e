"""tools/translate.py: a checkpoint alone translates folders of any size, depth and format."""
from pathlib import Path

import cv2
import numpy as np
import torch

from i2itools.utils.image_io import read_image, write_image

REPO = Path(__file__).resolve().parents[2]
RNG = np.random.default_rng(0)


def _checked(result):
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


def _mixed_folder(folder):
    """A 300x200 RGB JPEG, a 16-bit grey PNG in a sub-folder, a 97x131 PNG, a broken file."""
    folder.mkdir()
    write_image(str(folder / 'photo.jpg'), RNG.integers(0, 255, (200, 300, 3), dtype=np.uint8))
    write_image(str(folder / 'sub' / 'depth.png'), RNG.integers(0, 65535, (40, 56),
                                                                dtype=np.uint16))
    write_image(str(folder / 'odd.png'), RNG.integers(0, 255, (97, 131, 3), dtype=np.uint8))
    (folder / 'broken.png').write_bytes(b'not an image')


def _video(path, frames=20, size=(48, 36)):
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 12, size)
    for k in range(frames):
        writer.write(np.full((size[1], size[0], 3), k * 10, np.uint8))
    writer.release()


def _frames(path):
    capture = cv2.VideoCapture(str(path))
    shape = (capture.get(cv2.CAP_PROP_FRAME_WIDTH), capture.get(cv2.CAP_PROP_FRAME_HEIGHT),
             capture.get(cv2.CAP_PROP_FPS))
    count = 0
    while capture.read()[0]:
        count += 1
    return count, shape


def test_trained_checkpoint_translates_a_mixed_folder_and_a_video_without_config(
        run_tool_process, run_tool, pix2pix_run, tmp_path):
    checkpoint = pix2pix_run.work / 'iter_4.pth'
    _mixed_folder(tmp_path / 'in')
    _video(tmp_path / 'clip.mp4')
    out = tmp_path / 'out'
    # translate.py's real process
    log = _checked(run_tool_process('translate.py', checkpoint, tmp_path / 'in',
                                    tmp_path / 'clip.mp4', '--out', out, '--batch-size', '4'))
    assert '3 images and 20 frames of 1 videos translated (train mode)' in log
    assert '1 inputs could not be read' in log and 'broken.png' in log
    assert read_image(str(out / 'photo.jpg')).shape == (200, 300, 3)
    assert read_image(str(out / 'odd.png')).shape == (97, 131, 3)
    depth = read_image(str(out / 'sub' / 'depth.png'))
    assert depth.shape == (40, 56, 3) and depth.dtype == np.uint16
    assert _frames(out / 'clip.mp4') == _frames(tmp_path / 'clip.mp4')
    rerun = _checked(run_tool('translate.py', checkpoint, tmp_path / 'in', '--out', out))
    assert '3 inputs skipped: their outputs exist' in rerun  # existing outputs are kept


def test_reference_generator_file_translates_a_folder(run_tool, tmp_path):
    fixtures = REPO / 'tests' / 'fixtures' / 'reference'
    data = torch.load(fixtures / 'cg_G_unet128_instance_in1.pt', weights_only=True)
    torch.save(data['state_dict'], tmp_path / 'latest_net_G.pth')  # one grey input channel
    (tmp_path / 'in').mkdir()
    write_image(str(tmp_path / 'in' / 'a.png'), RNG.integers(0, 255, (60, 90, 3), dtype=np.uint8))
    log = _checked(run_tool('translate.py', tmp_path / 'latest_net_G.pth', tmp_path / 'in',
                            '--out', tmp_path / 'out', '--side-by-side'))
    assert '1 images' in log and 'train mode' in log  # as the reference test.py
    assert read_image(str(tmp_path / 'out' / 'a.png')).shape == (60, 180, 3)  # input | output
    (tmp_path / 'in' / 'b.png').write_bytes(b'')
    strict = run_tool('translate.py', tmp_path / 'latest_net_G.pth', tmp_path / 'in', '--out',
                      tmp_path / 'out', '--strict')
    assert strict.returncode != 0 and 'b.png: not an image' in strict.stderr


def test_options_that_would_be_ignored_are_refused(run_tool):
    result = run_tool('translate.py', 'x.pth', 'in', '--out', 'o', '--z-from', 's.png',
                      '--n-samples', '2')
    assert result.returncode == 2 and 'it takes no --n-samples' in result.stderr
