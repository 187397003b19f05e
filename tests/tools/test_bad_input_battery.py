"""Bad input given to the tools: each is refused with a short message that names the file, key
or fix, or (grayscale, RGBA, a skipped corrupt file) accepted and reported."""
import io

import numpy as np
import pytest
import torch
from PIL import Image

from i2itools.apis import build_model
from i2itools.engine.config_loading import load_config

#: the tiny configs' data options that read a folder of ours instead of built-in data
OWN_DATA = ('train_dataloader.dataset.builtin=None', 'train_cfg.max_iters=1')


def short_error(result):
    """The tool's error message: it failed with exit code 1, printed no traceback, and its
    message (from 'error: ' to the end of stderr) is one or two lines."""
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-3000:]
    assert 'Traceback' not in result.stderr, result.stderr[-3000:]
    lines = result.stderr.rstrip().splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith('error: '))
    message = lines[start:]
    assert len(message) <= 2, result.stderr[-3000:]
    assert message[-1].endswith('(I2ITOOLS_DEBUG=1 shows the traceback)')
    return '\n'.join(message)


def train(run_tool, config, tmp_path, *options):
    return run_tool('train.py', config, '--work-dir', tmp_path / 'work', '--cfg-options',
                    *options)


def image(width, height, mode='RGB', seed=0):
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 4), dtype=np.uint8)
    return Image.fromarray(pixels, 'RGBA').convert(mode)


def save(img, path, **options):
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, **options)
    return path


def pairs(folder, count, mode='RGB'):
    """``count`` A|B pairs of 32 px sides in ``folder``; returns their paths."""
    return [save(image(64, 32, mode, seed=i), folder / f'{mode}_{i}.png') for i in range(count)]


def truncated_jpeg(path):
    buffer = io.BytesIO()
    image(64, 32).save(buffer, 'JPEG')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue()[:len(buffer.getvalue()) // 2])
    return path


def model_weights(config, **options):
    """The untrained weights of ``config``'s model with ``options`` (config keys) set."""
    cfg = load_config(str(config), {key.replace('__', '.'): v for key, v in options.items()})
    return build_model(cfg, 'cpu').state_dict()


def test_missing_data_root_names_it_and_how_to_make_data(run_tool, tiny_config, tmp_path):
    root = tmp_path / 'nowhere'
    message = short_error(train(run_tool, tiny_config, tmp_path, *OWN_DATA,
                                f'train_dataloader.dataset.data_root={root}'))
    assert f"Dataset folder (data_root) '{root}' does not exist" in message
    assert f'tools/make_dataset.py NAME --root {root}' in message


def test_empty_domain_folder_is_named_as_empty(run_tool, tiny_cyclegan_config, tmp_path):
    root = tmp_path / 'unpaired'
    save(image(32, 32), root / 'trainA' / '0.png')
    (root / 'trainB').mkdir()
    message = short_error(train(run_tool, tiny_cyclegan_config, tmp_path, *OWN_DATA,
                                f'train_dataloader.dataset.data_root={root}'))
    assert 'No image files (.jpg, .jpeg, .png' in message
    assert f"in '{root / 'trainB'}' or its sub-folders; it contains: nothing" in message


def test_folder_without_images_lists_what_it_holds(run_tool, tiny_config, tmp_path):
    root = tmp_path / 'pairs'
    (root / 'train' / 'labels').mkdir(parents=True)
    (root / 'train' / 'notes.txt').write_text('')
    message = short_error(train(run_tool, tiny_config, tmp_path, *OWN_DATA,
                                f'train_dataloader.dataset.data_root={root}'))
    assert 'No image files (.jpg, .jpeg, .png' in message
    assert 'it contains: labels/, notes.txt' in message
    assert f'e.g. {root}/train/0001.png' in message  # the layout expected


def _data_with_a_truncated_jpeg(tmp_path):
    root = tmp_path / 'pairs'
    pairs(root / 'train', 2)
    return root, truncated_jpeg(root / 'train' / 'broken.jpg')


def test_truncated_jpeg_stops_training_by_default_naming_the_file_and_the_skip_policy(
        run_tool, tiny_config, tmp_path):
    root, broken = _data_with_a_truncated_jpeg(tmp_path)
    message = short_error(train(run_tool, tiny_config, tmp_path, *OWN_DATA,
                                f'train_dataloader.dataset.data_root={root}',
                                'train_dataloader.batch_size=3'))
    assert message.startswith(f"error: Cannot read image '{broken}': OSError: image file is "
                              'truncated')
    assert "or set the dataset's on_bad_image='skip'" in message


def test_truncated_jpeg_read_by_a_dataloader_worker_is_reported_by_its_own_message(
        run_tool, tiny_config, tmp_path):
    checkpoint = tmp_path / 'untrained.pth'
    torch.save({'state_dict': model_weights(tiny_config)}, checkpoint)
    photos = tmp_path / 'photos'
    save(image(32, 32), photos / '0.png')
    broken = truncated_jpeg(photos / '1.jpg')
    result = run_tool('test.py', tiny_config, checkpoint, '--input', photos, '--cfg-options',
                      'test_dataloader.num_workers=1')
    message = short_error(result)
    assert message.startswith(f"error: Cannot read image '{broken}': OSError: image file is "
                              'truncated')
    assert 'DataLoader worker' not in message


def test_truncated_jpeg_is_skipped_with_a_warning_and_a_count_under_the_skip_policy(
        run_tool, tiny_config, tmp_path):
    root, broken = _data_with_a_truncated_jpeg(tmp_path)
    # batch 3 of 3 files: the first batch holds every file once
    result = train(run_tool, tiny_config, tmp_path, *OWN_DATA,
                   f'train_dataloader.dataset.data_root={root}', 'train_dataloader.batch_size=3',
                   'train_dataloader.dataset.on_bad_image=skip')
    assert result.returncode == 0, result.stderr[-3000:]
    assert (f"AlignedDataset: skipped unreadable image '{broken}' (OSError: image file is "
            'truncated') in result.stderr
    assert "1 skipped so far in this process (on_bad_image='skip')" in result.stderr
    assert (tmp_path / 'work' / 'iter_1.pth').is_file()


def test_unknown_bad_image_policy_lists_the_policies(run_tool, tiny_config, tmp_path):
    message = short_error(train(run_tool, tiny_config, tmp_path, 'train_cfg.max_iters=1',
                                'train_dataloader.dataset.on_bad_image=ignore'))
    assert "AlignedDataset on_bad_image='ignore' is not a policy: use 'error'" in message
    assert "or 'skip'" in message


def test_grayscale_pair_is_converted_to_rgb_and_reported(run_tool, tiny_config, tmp_path):
    root = tmp_path / 'pairs'
    pairs(root / 'train', 2)
    gray, = pairs(root / 'train', 1, mode='L')
    result = train(run_tool, tiny_config, tmp_path, *OWN_DATA,
                   f'train_dataloader.dataset.data_root={root}', 'train_dataloader.batch_size=3')
    assert result.returncode == 0, result.stderr[-3000:]
    assert (f"AlignedDataset: '{gray}' has mode L (grayscale); converted to RGB, as the "
            'reference does.') in result.stderr


def test_rgba_images_are_converted_to_rgb_and_reported_once(run_tool, tiny_cyclegan_config,
                                                            tmp_path):
    root = tmp_path / 'unpaired'
    save(image(32, 32), root / 'trainA' / '0.png')
    for i in range(2):
        save(image(32, 32, 'RGBA', seed=i), root / 'trainB' / f'{i}.png')
    result = train(run_tool, tiny_cyclegan_config, tmp_path, *OWN_DATA,
                   f'train_dataloader.dataset.data_root={root}', 'train_cfg.max_iters=2')
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count('has mode RGBA (RGB + alpha); converted to RGB, dropping its '
                               'alpha channel') == 1


def test_channel_counts_other_than_1_3_or_4_are_refused_by_key(run_tool, tiny_config,
                                                                 tmp_path):
    message = short_error(train(run_tool, tiny_config, tmp_path, 'train_cfg.max_iters=1',
                                'train_dataloader.dataset.in_channels=2'))
    assert 'AlignedDataset in_channels=2 is not supported' in message
    assert 'set in_channels to 1, 3 or 4' in message


def test_pair_of_odd_width_is_named_with_its_size(run_tool, tiny_config, tmp_path):
    odd = save(image(65, 32), tmp_path / 'pairs' / 'train' / 'odd.png')
    message = short_error(train(run_tool, tiny_config, tmp_path, *OWN_DATA,
                                f'train_dataloader.dataset.data_root={tmp_path / "pairs"}'))
    assert f"'{odd}' is 65x32" in message and 'its width must be even' in message


def test_image_smaller_than_the_crop_is_named_with_the_fix(run_tool, tiny_cyclegan_config,
                                                           tmp_path):
    root = tmp_path / 'unpaired'
    small = save(image(16, 16), root / 'trainA' / 'small.png')
    save(image(32, 32), root / 'trainB' / '0.png')
    # this config crops 32 px without resizing first
    message = short_error(train(run_tool, tiny_cyclegan_config, tmp_path, *OWN_DATA,
                                f'train_dataloader.dataset.data_root={root}'))
    assert f"'{small}': the image is 16x16 where RandomCrop(size=32) needs" in message
    assert 'a Resize of at least 32 before the crop' in message


@pytest.mark.parametrize('key, kind, name, closest', [
    ('model.nets.G.type', 'model', 'UnetGeneratr', 'UnetGenerator'),
    ('train_dataloader.dataset.type', 'dataset', 'AlignedDatset', 'AlignedDataset'),
])
def test_unknown_registry_type_lists_the_closest_names(run_tool, tiny_config, tmp_path, key, kind,
                                                       name, closest):
    message = short_error(train(run_tool, tiny_config, tmp_path, f'{key}={name}'))
    assert f"'{name}' is not a registered {kind}" in message
    assert f'Did you mean: {closest}' in message


def test_unknown_argument_names_the_part_and_its_arguments(run_tool, tiny_config, tmp_path):
    message = short_error(train(run_tool, tiny_config, tmp_path, 'model.nets.D.base_channel=8'))
    assert "NLayerDiscriminator has no argument 'base_channel'. Did you mean: base_channels" \
        in message
    assert 'Its arguments: in_channels, base_channels, num_layers, norm' in message


def test_config_not_found_suggests_the_near_name(run_tool):
    message = short_error(run_tool('train.py', 'configs/pix2pix/synth_facade.py'))
    assert 'config file configs/pix2pix/synth_facade.py does not exist' in message
    assert 'Did you mean: configs/pix2pix/synth_facades.py' in message


def test_config_syntax_error_names_the_file_and_line(run_tool, tiny_config):
    tiny_config.write_text(tiny_config.read_text() + 'train_cfg = dict(max_iters=2\n')
    lines = len(tiny_config.read_text().splitlines())
    message = short_error(run_tool('train.py', tiny_config))
    assert message.startswith(f"error: {tiny_config}, line {lines}: '(' was never closed: "
                              'train_cfg = dict(max_iters=2')


def test_checkpoint_not_found_is_named(run_tool, tiny_config, tmp_path):
    message = short_error(run_tool('test.py', tiny_config, tmp_path / 'iter_9.pth'))
    assert f'checkpoint {tmp_path / "iter_9.pth"} does not exist' in message


def test_pix2pix_checkpoint_given_to_the_cyclegan_config_lists_the_mismatched_keys(
        run_tool, tiny_config, tiny_cyclegan_config, tmp_path):
    checkpoint = tmp_path / 'pix2pix.pth'
    torch.save({'state_dict': model_weights(tiny_config)}, checkpoint)
    message = short_error(run_tool('test.py', tiny_cyclegan_config, checkpoint))
    assert 'the checkpoint does not fit the networks of this config' in message
    assert 'missing keys: ' in message and 'G_A.' in message
    assert 'unexpected keys: ' in message and 'G.model.' in message
    assert 'Use the config it was trained with' in message


def test_checkpoint_of_other_widths_lists_the_mismatched_shapes(run_tool, tiny_config, tmp_path):
    wide, narrow = model_weights(tiny_config, model__nets__G__base_channels=8), model_weights(
        tiny_config)
    resized = [key for key in narrow if wide[key].shape != narrow[key].shape]
    checkpoint = tmp_path / 'wide.pth'
    torch.save({'state_dict': wide}, checkpoint)
    message = short_error(run_tool('test.py', tiny_config, checkpoint))
    # G's first convolution: 8 output channels in the checkpoint, the config's 4 here
    assert (f'keys of another shape: {len(resized)} (e.g. G.model.model.0.weight is [8, 3, 4, 4] '
            'in the checkpoint but [4, 3, 4, 4] here)') in message
