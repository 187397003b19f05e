"""L1, PSNR and SSIM on tensors: known answers, a direct numpy SSIM, the small-image rule."""
import math

import numpy as np
import pytest
import torch

from i2itools.evaluation.functional.fidelity import l1, psnr, ssim, to_unit_range

C1, C2 = 0.01 ** 2, 0.03 ** 2  # SSIM constants for data range 1


def _images(seed, shape):
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def _reference_ssim(x, y, window=11, sigma=1.5):
    """SSIM of Wang et al. written out: every window position, every channel, one at a time."""
    taps = np.arange(window) - (window - 1) / 2
    g = np.exp(-taps ** 2 / (2 * sigma ** 2))
    w = np.outer(g, g) / np.outer(g, g).sum()
    values = []
    for c in range(x.shape[0]):
        for i in range(x.shape[1] - window + 1):
            for j in range(x.shape[2] - window + 1):
                px, py = x[c, i:i + window, j:j + window], y[c, i:i + window, j:j + window]
                mx, my = (w * px).sum(), (w * py).sum()
                vx, vy = (w * (px - mx) ** 2).sum(), (w * (py - my) ** 2).sum()
                cov = (w * (px - mx) * (py - my)).sum()
                values.append((2 * mx * my + C1) * (2 * cov + C2)
                              / ((mx ** 2 + my ** 2 + C1) * (vx + vy + C2)))
    return float(np.mean(values))


def test_psnr_of_a_known_mse_is_10_log10_of_its_inverse():
    target = torch.full((3, 8, 8), 0.5, dtype=torch.float64)
    signs = torch.where(torch.arange(64).reshape(8, 8) % 2 == 0, 1.0, -1.0).double()
    pred = target + 0.1 * signs  # every value off by 0.1: MSE 0.01
    assert psnr(pred, target).item() == pytest.approx(10 * math.log10(1 / 0.01))
    assert psnr(pred * 255, target * 255, data_range=255).item() == pytest.approx(20.0)


def test_identical_images_give_infinite_psnr_ssim_one_and_l1_zero():
    image = _images(0, (3, 16, 16))
    assert psnr(image, image.clone()).item() == math.inf
    assert ssim(image, image.clone()).item() == pytest.approx(1.0)
    assert l1(image, image.clone()).item() == 0.0


def test_l1_is_the_mean_absolute_difference():
    target = _images(1, (3, 8, 8))
    pred = target.clone()
    pred[0] += 0.3  # one channel of three off by 0.3
    assert l1(pred, target).item() == pytest.approx(0.1)


@pytest.mark.parametrize('shape', [(1, 14, 13), (3, 12, 15)])
def test_ssim_matches_a_direct_computation(shape):
    x = _images(2, shape)
    y = (0.7 * x + 0.3 * _images(3, shape)).clamp(0, 1)
    assert ssim(x, y).item() == pytest.approx(_reference_ssim(x.numpy(), y.numpy()), abs=1e-10)


def test_ssim_of_two_constant_images_is_the_luminance_term():
    a, b = 0.3, 0.5  # no variance: the contrast-structure term is C2 / C2
    x, y = (torch.full((1, 16, 16), v, dtype=torch.float64) for v in (a, b))
    expected = (2 * a * b + C1) / (a * a + b * b + C1)
    assert ssim(x, y).item() == pytest.approx(expected, rel=1e-9)


def test_a_brightness_shift_only_lowers_the_luminance_term():
    x = 0.25 + 0.5 * _images(4, (1, 11, 11))  # window fits once: one SSIM value
    shift = 0.2
    g = np.exp(-(np.arange(11) - 5) ** 2 / (2 * 1.5 ** 2))
    mean = float((np.outer(g, g) * x[0].numpy()).sum() / np.outer(g, g).sum())
    expected = (2 * mean * (mean + shift) + C1) / (mean ** 2 + (mean + shift) ** 2 + C1)
    assert ssim(x, x + shift).item() == pytest.approx(expected, rel=1e-9)


def test_ssim_decreases_as_noise_grows():
    clean = _images(5, (3, 32, 32))
    noise = _images(6, clean.shape) - 0.5
    scores = [ssim(clean + level * noise, clean).item() for level in (0.01, 0.05, 0.1, 0.3)]
    assert all(a > b for a, b in zip(scores, scores[1:])), scores


def test_rgb_ssim_is_the_mean_of_its_channels_and_grey_equals_one_channel():
    x, y = _images(7, (3, 16, 16)), _images(8, (3, 16, 16))
    per_channel = [ssim(x[c:c + 1], y[c:c + 1]).item() for c in range(3)]
    assert ssim(x, y).item() == pytest.approx(np.mean(per_channel))
    grey = x[:1].expand(3, 16, 16)
    assert ssim(grey, y[:1].expand(3, 16, 16)).item() == pytest.approx(per_channel[0])


def test_images_smaller_than_the_window_use_the_largest_odd_window_that_fits():
    x, y = _images(9, (1, 6, 9)), _images(10, (1, 6, 9))  # smaller side 6: a 5 x 5 window
    assert ssim(x, y).item() == pytest.approx(_reference_ssim(x.numpy(), y.numpy(), window=5))
    a, b = 0.2, 0.6  # a 1-pixel image: the luminance term alone
    one = ssim(*(torch.full((3, 1, 1), v, dtype=torch.float64) for v in (a, b))).item()
    assert one == pytest.approx((2 * a * b + C1) / (a * a + b * b + C1))


def test_samples_are_compared_with_one_shared_target():
    target = _images(11, (3, 16, 16))
    samples = torch.stack([target, (target + 0.1).clamp(0, 1), 1 - target])
    for metric in (l1, psnr, ssim):
        each = torch.stack([metric(s, target) for s in samples])
        assert torch.equal(metric(samples, target), each)


def test_mismatched_sizes_are_refused_naming_both_shapes():
    with pytest.raises(ValueError, match=r'\(3, 8, 8\).*\(3, 8, 9\)'):
        ssim(torch.zeros(3, 8, 8), torch.zeros(3, 8, 9))


def test_model_range_maps_to_unit_range():
    assert to_unit_range(torch.tensor([-1.0, 0.0, 1.0])).tolist() == [0.0, 0.5, 1.0]
