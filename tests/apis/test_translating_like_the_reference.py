"""Reference parity of translate(): floor rounding gives the reference's tensor2im levels, given
codes are used as they are, a style image is resized as the reference's data pipeline does,
and a bare reference generator runs in the reference test.py's train mode."""
import numpy as np
import pytest
import torch
from PIL import Image

from i2itools.apis import load_translator
from i2itools.apis.image_tensors import image_to_tensor, tensor_to_image

RNG = np.random.default_rng(0)


def reference_tensor2im(tensor):
    """pytorch-CycleGAN-and-pix2pix ``util.tensor2im`` of one image (its arithmetic, as written
    there): float32 numpy, ``(x + 1) / 2.0 * 255.0``, ``astype(np.uint8)``."""
    image = tensor.cpu().float().numpy()
    return ((np.transpose(image, (1, 2, 0)) + 1) / 2.0 * 255.0).astype(np.uint8)


def test_floor_rounding_gives_the_reference_levels_and_nearest_keeps_an_unchanged_pixel():
    tensor = torch.rand(3, 16, 16) * 2 - 1
    floor = tensor_to_image(tensor, np.uint8, rounding='floor')
    np.testing.assert_array_equal(floor, reference_tensor2im(tensor))
    nearest = tensor_to_image(tensor, np.uint8)
    assert set(np.unique(nearest.astype(int) - floor)) == {0, 1}  # a level up where rounded up
    image = RNG.integers(0, 256, (16, 16, 3), dtype=np.uint8)
    unchanged = image_to_tensor(image, 3)[0]
    np.testing.assert_array_equal(tensor_to_image(unchanged, np.uint8), image)
    assert (tensor_to_image(unchanged, np.uint8, rounding='floor') != image).mean() > 0.2
    with pytest.raises(ValueError, match='rounding must be one of'):
        tensor_to_image(tensor, np.uint8, rounding='round')


def test_a_translator_with_floor_rounding_writes_what_the_reference_writes(pix2pix_checkpoint):
    image = RNG.integers(0, 256, (32, 32, 3), dtype=np.uint8)
    floor = load_translator(str(pix2pix_checkpoint), device='cpu', mode='eval', rounding='floor')
    expected = reference_tensor2im(floor.translate_tensor(image_to_tensor(image, 3))[0])
    np.testing.assert_array_equal(floor.translate(image), expected)


def test_given_codes_and_style_images_are_used_as_the_reference_would(bicycle_checkpoint):
    translator = load_translator(str(bicycle_checkpoint), device='cpu')
    image = RNG.integers(0, 256, (32, 32, 3), dtype=np.uint8)
    codes = torch.from_numpy(RNG.standard_normal((3, 8)).astype(np.float32))
    outputs = translator.sample(image, z=codes)
    assert len(outputs) == 3
    np.testing.assert_array_equal(outputs[1], translator.translate(image, z=codes[1:2]))
    # a style image larger than the encoder's 32 px input: PIL bicubic, as the reference loads it
    style = RNG.integers(0, 256, (75, 50, 3), dtype=np.uint8)
    resized = np.asarray(Image.fromarray(style).resize((32, 32), Image.Resampling.BICUBIC))
    with torch.no_grad():
        expected, _ = translator.encoder(image_to_tensor(resized, 3))
    torch.testing.assert_close(translator.encode(style), expected, rtol=0, atol=0)


def test_a_bare_reference_unet_with_batch_norm_tests_like_pix2pix(reference_dir, tmp_path):
    data = torch.load(reference_dir / 'cg_G_unet256_batch_dropout.pt', weights_only=True)
    torch.save(data['state_dict'], tmp_path / 'latest_net_G.pth')
    translator = load_translator(str(tmp_path / 'latest_net_G.pth'), device='cpu')
    assert translator.mode == 'train'  # the reference test.py without --eval
    assert any(isinstance(m, torch.nn.Dropout) for m in translator.generator.modules())
    evaluated = load_translator(str(tmp_path / 'latest_net_G.pth'), device='cpu', mode='eval')
    with torch.no_grad():
        torch.testing.assert_close(evaluated.translate_tensor(data['inputs'][0]),
                                   data['outputs'][0], atol=1e-5, rtol=0)


def test_translate_tool_takes_codes_from_a_file_and_rounds_as_asked(run_tool, bicycle_checkpoint,
                                                                    tmp_path):
    (tmp_path / 'in').mkdir()
    Image.fromarray(RNG.integers(0, 256, (32, 32, 3), dtype=np.uint8)).save(
        tmp_path / 'in' / 'a.png')
    np.save(tmp_path / 'codes.npy', RNG.standard_normal((2, 8)).astype(np.float32))
    for rounding in ('nearest', 'floor'):
        result = run_tool('translate.py', bicycle_checkpoint, tmp_path / 'in', '--out',
                          tmp_path / rounding, '--z', tmp_path / 'codes.npy',
                          '--rounding', rounding)
        assert result.returncode == 0, result.stderr[-2000:]
    outputs = {r: [np.asarray(Image.open(tmp_path / r / f'a_sample0{k}.png')) for k in (1, 2)]
               for r in ('nearest', 'floor')}
    assert not np.array_equal(*outputs['nearest'])  # two codes, two outputs
    difference = outputs['nearest'][0].astype(int) - outputs['floor'][0]
    assert set(np.unique(difference)) == {0, 1}
    np.save(tmp_path / 'wrong.npy', np.zeros((2, 3), np.float32))
    wrong = run_tool('translate.py', bicycle_checkpoint, tmp_path / 'in', '--out',
                     tmp_path / 'wrong', '--z', tmp_path / 'wrong.npy')
    assert wrong.returncode != 0 and 'codes of 8 numbers' in wrong.stderr
