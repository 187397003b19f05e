"""L1, PSNR and SSIM of a translated image against its paired ground truth (pix2pix data)."""
from mmengine.evaluator import BaseMetric

from i2itools.evaluation.functional.fidelity import l1, psnr, ssim, to_unit_range
from i2itools.registry import METRICS
from .sample_images import require_outputs

#: PSNR given to identical images in the average: 100 dB is an MSE of 1e-10, below one 8-bit
#: step (1/255) at one value of a 256 x 256 RGB image (MSE 7.8e-11 ... 101 dB)
DEFAULT_MAX_PSNR = 100.0


@METRICS.register_module()
class PairedFidelity(BaseMetric):
    """Fidelity of ``pred`` to ``target``, each a mean over the test images.

    Results: ``L1`` (mean absolute difference), ``PSNR`` (dB, data range 1), ``SSIM`` (Gaussian
    window 11, sigma 1.5, per channel), all on images mapped from [-1, 1] to [0, 1]; see
    :mod:`i2itools.evaluation.functional.fidelity`. An image identical to its target has an
    infinite PSNR; it enters the average as ``max_psnr``, so one perfect image does not make
    the mean infinite. When ``pred`` holds N samples (N, C, H, W) of one input, each is compared
    with the target and the input counts once, with the mean of its samples.

    Args:
        pred: name of the generated image in the test outputs.
        target: name of its ground truth.
        max_psnr: the PSNR (dB) at which each image's PSNR is capped before averaging.
    """

    default_prefix = ''  # plain result names: 'PSNR', not 'prefix/PSNR'

    def __init__(self, pred='fake_B', target='B', max_psnr=DEFAULT_MAX_PSNR, **kwargs):
        super().__init__(**kwargs)
        self.pred, self.target, self.max_psnr = pred, target, max_psnr

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            require_outputs(sample, (self.pred, self.target), 'PairedFidelity')
            pred, target = (to_unit_range(sample[k]) for k in (self.pred, self.target))
            self.results.append(dict(
                L1=l1(pred, target).mean().item(),
                PSNR=psnr(pred, target).clamp(max=self.max_psnr).mean().item(),
                SSIM=ssim(pred, target).mean().item()))

    def compute_metrics(self, results):
        return {name: sum(r[name] for r in results) / len(results)
                for name in ('L1', 'PSNR', 'SSIM')}
