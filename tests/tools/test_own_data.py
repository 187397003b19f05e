"""tools/train.py and tools/test.py on data in the forms users have: two folders matched by
name (strays reported), a file list, and 16-bit single-channel pairs whose test outputs stay
16-bit."""
import numpy as np
import torch

from i2itools.utils.image_conversion import tensor_to_uint16
from i2itools.utils.image_io import read_image, write_image

#: a tiny pix2pix (from the tiny_config fixture) reading the dataset given as DATASET
OWN_DATA_CONFIG = '''
_base_ = ['{base}']
_dataset = {dataset}
train_dataloader = dict(dataset=dict(_delete_=True, **_dataset, pipeline=[
    dict(type='Resize', size=36), dict(type='RandomCrop', size=32), dict(type='RandomFlip')]))
test_dataloader = dict(dataset=dict(_delete_=True, **_dataset, pipeline=[]))
# the base's synth_facades label metric does not apply to own data; L1 / PSNR / SSIM do
test_evaluator = dict(_delete_=True, type='Evaluator',
                      metrics=[dict(type='PairedFidelity', pred='fake_B', target='B')])
train_cfg = dict(max_iters=2)
'''


def config(tmp_path, base, dataset, extra=''):
    path = tmp_path / 'own_data.py'
    path.write_text(OWN_DATA_CONFIG.format(base=base, dataset=dataset) + extra)
    return path


def folders(root, count, dtype=np.uint8, shape=(32, 32, 3)):
    """root/trainA and root/trainB with ``count`` random pairs '000'... (B as .tif)."""
    rng = np.random.default_rng(0)
    top = np.iinfo(dtype).max
    for i in range(count):
        write_image(str(root / 'trainA' / f'{i:03d}.png'), rng.integers(0, top, shape, dtype))
        write_image(str(root / 'trainB' / f'{i:03d}.tif'), rng.integers(0, top, shape, dtype))
    return root


def train(run_tool, cfg, work):
    result = run_tool('train.py', cfg, '--work-dir', work)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert (work / 'iter_2.pth').is_file()
    return result.stderr


def test_training_from_two_folders_reports_the_unmatched_files(run_tool, tiny_config, tmp_path):
    root = folders(tmp_path / 'data', 4)
    write_image(str(root / 'trainA' / 'only_a.png'), np.zeros((32, 32, 3), np.uint8))
    write_image(str(root / 'trainB' / 'only_b.png'), np.zeros((32, 32, 3), np.uint8))
    dataset = dict(type='PairedFolderDataset', data_root=str(root), unmatched='skip')
    log = train(run_tool, config(tmp_path, tiny_config, dataset), tmp_path / 'work')
    assert (f"1 of 5 A files have no B file of the same name ('{root}/trainA/only_a.png'); "
            f"1 of 5 B files have no A file of the same name ('{root}/trainB/only_b.png'); left "
            'out (unmatched=skip), using the 4 matched pairs.') in log


def test_training_from_a_file_list(run_tool, tiny_config, tmp_path):
    root = folders(tmp_path / 'data', 3)
    (root / 'pairs.csv').write_text(''.join(f'trainA/{i:03d}.png,trainB/{i:03d}.tif\n'
                                            for i in range(3)))
    dataset = dict(type='FileListDataset', list_file=str(root / 'pairs.csv'))
    train(run_tool, config(tmp_path, tiny_config, dataset), tmp_path / 'work')


def test_16_bit_grey_pairs_train_with_1_channel_and_test_outputs_are_16_bit(run_tool,
                                                                            tiny_config,
                                                                            tmp_path):
    root = folders(tmp_path / 'data', 3, np.uint16, (32, 32))
    dataset = dict(type='PairedFolderDataset', data_root=str(root), in_channels=1,
                   out_channels=1)
    nets = "model = dict(nets=dict(G=dict(in_channels=1, out_channels=1), D=dict(in_channels=2)))\n"
    cfg = config(tmp_path, tiny_config, dataset, nets)
    train(run_tool, cfg, tmp_path / 'work')
    result = run_tool('test.py', cfg, tmp_path / 'work' / 'iter_2.pth', '--out', tmp_path / 'out')
    assert result.returncode == 0, result.stderr[-3000:]
    assert 'PSNR: ' in result.stdout and 'SSIM: ' in result.stdout
    for name in ('A', 'fake_B', 'B'):
        written = read_image(str(tmp_path / 'out' / 'images' / f'000_{name}.png'))
        assert written.dtype == np.uint16 and written.shape == (32, 32), name
    # the inputs come back exactly: 16 bits survive reading, scaling to [-1, 1] and writing
    source = read_image(str(root / 'trainA' / '000.png'))
    np.testing.assert_array_equal(read_image(str(tmp_path / 'out' / 'images' / '000_A.png')),
                                  source)


def test_every_16_bit_value_survives_the_scaling_to_minus_1_1_and_back():
    values = torch.arange(65536, dtype=torch.int32).to(torch.uint16).reshape(1, 256, 256)
    scaled = values.float() / 32767.5 - 1  # the data preprocessor's scaling
    np.testing.assert_array_equal(tensor_to_uint16(scaled), values.numpy()[0])
