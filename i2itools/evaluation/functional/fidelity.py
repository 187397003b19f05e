"""Paired fidelity of an image to its target: L1, PSNR and SSIM, on images in [0, 1].

All three take ``pred`` and ``target`` of shape (C, H, W) or (N, C, H, W) (broadcast against
each other, so N samples can share one target), any number of channels, values on the [0, 1]
scale (:func:`to_unit_range` maps the models' [-1, 1] there), and return one value per image:
a 0-d tensor, or an (N,) tensor. They compute in float64 so that known answers hold exactly.
"""
import torch
import torch.nn.functional as F

#: SSIM constants of Wang et al. 2004: an 11-tap Gaussian window of sigma 1.5, K1, K2
SSIM_WINDOW, SSIM_SIGMA, SSIM_K1, SSIM_K2 = 11, 1.5, 0.01, 0.03


def to_unit_range(images):
    """Images in [-1, 1] (the models' range) mapped to [0, 1]."""
    return (images + 1) / 2


def l1(pred, target):
    """Mean absolute difference per image."""
    pred, target = _paired(pred, target, 'l1')
    return (pred - target).abs().mean(dim=(-3, -2, -1))


def psnr(pred, target, data_range=1.0):
    """Peak signal-to-noise ratio per image in dB: ``10 log10(data_range^2 / MSE)``.

    ``data_range`` is the span of the value scale: 1 for [0, 1] images (the convention here),
    255 for [0, 255]; both give the same dB. Identical images give ``inf``.
    """
    pred, target = _paired(pred, target, 'psnr')
    mse = ((pred - target) ** 2).mean(dim=(-3, -2, -1))
    return 10 * torch.log10(data_range ** 2 / mse)  # mse 0 -> inf


def ssim(pred, target, data_range=1.0, window_size=SSIM_WINDOW, sigma=SSIM_SIGMA,
         k1=SSIM_K1, k2=SSIM_K2):
    """Structural similarity per image (Wang et al. 2004), the mean of the SSIM map over every
    channel and every position where the Gaussian window fits inside the image (no padding).

    Local means, variances and covariance are Gaussian-weighted (weights summing to 1);
    ``C1 = (k1 data_range)^2``, ``C2 = (k2 data_range)^2``. An image whose smaller side is below
    ``window_size`` is measured with the largest odd window that fits (same ``sigma``,
    renormalised): a 1-pixel image gets a 1x1 window, where SSIM is the luminance term alone.
    """
    pred, target = _paired(pred, target, 'ssim')
    batch_shape, (channels, height, width) = pred.shape[:-3], pred.shape[-3:]
    x, y = pred.reshape(-1, channels, height, width), target.reshape(-1, channels, height, width)
    side = min(height, width)
    window = gaussian_window(min(window_size, side if side % 2 else side - 1), sigma)

    def local_mean(images):
        return _separable_filter(images, window)

    mu_x, mu_y = local_mean(x), local_mean(y)
    var_x = local_mean(x * x) - mu_x ** 2
    var_y = local_mean(y * y) - mu_y ** 2
    cov = local_mean(x * y) - mu_x * mu_y
    c1, c2 = (k1 * data_range) ** 2, (k2 * data_range) ** 2
    ssim_map = ((2 * mu_x * mu_y + c1) * (2 * cov + c2)
                / ((mu_x ** 2 + mu_y ** 2 + c1) * (var_x + var_y + c2)))
    return ssim_map.mean(dim=(-3, -2, -1)).reshape(batch_shape)


def gaussian_window(size, sigma):
    """(size,) float64 Gaussian weights centred on the middle tap, summing to 1."""
    offsets = torch.arange(size, dtype=torch.float64) - (size - 1) / 2
    weights = torch.exp(-offsets ** 2 / (2 * sigma ** 2))
    return weights / weights.sum()


def _separable_filter(images, window):
    """Weighted mean of every ``len(window)``-square patch of each channel ('valid' positions)."""
    channels, size = images.shape[1], len(window)
    rows = window.reshape(1, 1, size, 1).expand(channels, 1, size, 1)
    columns = window.reshape(1, 1, 1, size).expand(channels, 1, 1, size)
    return F.conv2d(F.conv2d(images, rows, groups=channels), columns, groups=channels)


def _paired(pred, target, name):
    """Both images as float64 tensors of one broadcast shape (..., C, H, W)."""
    pred, target = torch.as_tensor(pred), torch.as_tensor(target)
    if pred.dim() < 3 or target.dim() < 3:
        raise ValueError(f'{name} needs (C, H, W) or (N, C, H, W) images, got shapes '
                         f'{tuple(pred.shape)} and {tuple(target.shape)}')
    try:
        pred, target = torch.broadcast_tensors(pred.double(), target.double())
    except RuntimeError:
        raise ValueError(f'{name}: the prediction {tuple(pred.shape)} and the target '
                         f'{tuple(target.shape)} do not have the same channels and size') from None
    return pred, target

