"""load_translator: a checkpoint alone gives an object that translates any numpy image."""
import numpy as np
import pytest
import torch

from i2itools.apis import load_translator
from i2itools.apis.publishing import publish_checkpoint

RNG = np.random.default_rng(0)


def _image(shape, dtype=np.uint8):
    return RNG.integers(0, np.iinfo(dtype).max, shape, dtype=dtype)


@pytest.mark.parametrize('shape, dtype', [((97, 131, 3), np.uint8), ((40, 56), np.uint16),
                                          ((33, 70, 4), np.uint8)])
def test_output_has_the_input_size_and_dtype(pix2pix_checkpoint, shape, dtype):
    translator = load_translator(str(pix2pix_checkpoint), device='cpu')
    out = translator.translate(_image(shape, dtype), seed=0)
    assert out.shape[:2] == shape[:2] and out.dtype == dtype
    assert out.shape[2:] == ((4,) if shape[2:] == (4,) else (3,))  # alpha kept beside RGB


def test_pix2pix_runs_in_train_mode_repeatably_and_one_image_at_a_time(pix2pix_checkpoint):
    translator = load_translator(str(pix2pix_checkpoint), device='cpu')
    assert translator.mode == 'train'  # the reference tests pix2pix with dropout and batch stats
    images = [_image((32, 32, 3)), _image((32, 32, 3))]
    assert np.array_equal(translator.translate(images[0], seed=3),
                          translator.translate(images[0], seed=3))
    translator = load_translator(str(pix2pix_checkpoint), device='cpu', mode='eval')
    batch = translator.translate_images(images)
    for image, out in zip(images, batch):  # batching does not mix the images
        np.testing.assert_array_equal(translator.translate(image), out)


def test_bicycle_samples_differ_repeat_with_a_seed_and_follow_z(bicycle_checkpoint):
    translator = load_translator(str(bicycle_checkpoint), device='cpu')
    assert translator.mode == 'eval' and translator.nz == 8
    image = _image((40, 50, 3))
    samples = translator.sample(image, n=3, seed=1)
    assert len({s.tobytes() for s in samples}) == 3
    again = translator.sample(image, n=3, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(samples, again))
    codes = translator.draw_codes(3, seed=1)
    np.testing.assert_array_equal(translator.translate(image, z=codes[1]), samples[1])


def test_style_image_is_encoded_with_e_into_the_code(bicycle_checkpoint):
    translator = load_translator(str(bicycle_checkpoint), device='cpu')
    style = _image((100, 80, 3))
    z = translator.encode(style)
    assert z.shape == (1, 8)
    styled = translator.sample(_image((32, 32, 3)), style=style)[0]
    content = translator.translate(_image((32, 32, 3)), z=z)
    assert styled.shape == content.shape


def test_cyclegan_direction_picks_the_generator(cyclegan_checkpoint):
    a_to_b = load_translator(str(cyclegan_checkpoint), device='cpu', direction='AtoB')
    b_to_a = load_translator(str(cyclegan_checkpoint), device='cpu', direction='BtoA')
    assert a_to_b.generator is not b_to_a.generator
    state = torch.load(cyclegan_checkpoint, weights_only=True)['state_dict']
    first = next(k for k in state if k.startswith('G_B.'))
    torch.testing.assert_close(b_to_a.generator.state_dict()[first[len('G_B.'):]], state[first])
    with pytest.raises(ValueError, match=r"test branches are \['AtoB', 'BtoA'\]"):
        load_translator(str(cyclegan_checkpoint), device='cpu', direction='sideways')


def test_published_file_translates_like_its_checkpoint(bicycle_checkpoint, tmp_path):
    published = publish_checkpoint(str(bicycle_checkpoint), str(tmp_path / 'z8.pth'))
    image = _image((32, 48, 3))
    outputs = [load_translator(path, device='cpu').sample(image, n=2, seed=0)
               for path in (str(bicycle_checkpoint), published)]
    assert all(np.array_equal(a, b) for a, b in zip(*outputs))


def test_reference_generator_file_needs_no_config(reference_dir, tmp_path):
    data = torch.load(reference_dir / 'cg_G_resnet9_instance.pt', weights_only=True)
    torch.save(data['state_dict'], tmp_path / 'latest_net_G.pth')
    translator = load_translator(str(tmp_path / 'latest_net_G.pth'), device='cpu')
    # train mode, as the reference test.py; instance norm has no running statistics to differ
    assert translator.mode == 'train' and translator.size_multiple == 4
    out = translator.translate_tensor(data['inputs'][0])
    torch.testing.assert_close(out, data['outputs'][0], atol=1e-5, rtol=0)


def test_tiled_translation_of_an_instance_norm_model_matches_the_whole_image(cyclegan_checkpoint):
    translator = load_translator(str(cyclegan_checkpoint), device='cpu')
    yy, xx = np.mgrid[0:96, 0:128]
    smooth = np.stack([xx * 2, yy * 2, xx + yy], axis=2).astype(np.uint8)  # a smooth gradient
    whole = translator.translate(smooth).astype(int)
    seams = translator.translate(smooth, tile=64, overlap=0).astype(int)
    assert np.abs(whole - seams).max() > 10  # the check can see tile edges
    # tiles share the whole image's instance-norm statistics; an overlap wider than the
    # receptive field (~47 px for one ResNet block) leaves differences of a level or two
    tiled = translator.translate(smooth, tile=64, overlap=48).astype(int)
    assert np.abs(whole - tiled).max() <= 2


def test_a_checkpoint_written_by_several_processes_before_round_2_loads(cyclegan_checkpoint,
                                                                         tmp_path):
    """Its keys name each net inside its DDP wrapper: ``G_A.module.model...``."""
    state = torch.load(cyclegan_checkpoint, weights_only=True)
    state['state_dict'] = {key.replace('.', '.module.', 1): value
                           for key, value in state['state_dict'].items()}
    old = tmp_path / 'ddp_written.pth'
    torch.save(state, old)
    image = _image((32, 32, 3))
    translators = [load_translator(str(path), device='cpu') for path in (old, cyclegan_checkpoint)]
    np.testing.assert_array_equal(*(translator.translate(image) for translator in translators))
