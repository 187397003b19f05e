"""CycleGAN on ``synth_stripes`` scored against the true target that the data's rule gives."""
import numpy as np
from mmengine.evaluator import BaseMetric

from i2itools.evaluation.functional.stripe_agreement import TRUE_TARGET_RULES, stripe_agreement
from i2itools.registry import METRICS
from .sample_images import require_outputs

#: direction -> (its input, its generated image) in the CycleGAN configs' test outputs
DEFAULT_KEYS = {'AtoB': ('A', 'fake_B'), 'BtoA': ('B', 'fake_A')}
SCORES = ('L1', 'mask_IoU', 'texture')


@METRICS.register_module()
class StripeTargetAgreement(BaseMetric):
    """Agreement of one direction's translations with their true targets, means over images.

    The true target of each input is computed from its pixels; results, named after the
    direction (``AtoB_L1``, ``AtoB_mask_IoU``, ``AtoB_texture``): L1 to the true image ([0, 1]
    scale), IoU of the generated shape mask with the true one, and the share of true shape
    pixels whose dark / light tone is right (stripes added for AtoB, removed for BtoA); see
    :mod:`i2itools.evaluation.functional.stripe_agreement`. Configure it once per direction.
    The inputs must be whole images at their generated size (no Resize / RandomCrop at test).
    Multi-sample outputs (N, C, H, W) count once per input, with the mean of their samples.

    Args:
        direction: 'AtoB' (plain -> striped) or 'BtoA' (striped -> plain).
        source: name of the input image; default 'A' for AtoB, 'B' for BtoA.
        pred: name of the generated image; default 'fake_B' for AtoB, 'fake_A' for BtoA.
    """

    default_prefix = ''  # plain result names: 'AtoB_L1', not 'prefix/AtoB_L1'

    def __init__(self, direction='AtoB', source=None, pred=None, **kwargs):
        super().__init__(**kwargs)
        if direction not in TRUE_TARGET_RULES:
            raise ValueError(f'StripeTargetAgreement direction={direction!r} must be one of '
                             f'{sorted(TRUE_TARGET_RULES)}')
        self.direction = direction
        self.source = source or DEFAULT_KEYS[direction][0]
        self.pred = pred or DEFAULT_KEYS[direction][1]

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            require_outputs(sample, (self.source, self.pred),
                            f'StripeTargetAgreement ({self.direction})')
            source = np.rint(_to_rgb255(sample[self.source])).astype(np.uint8)
            preds = sample[self.pred]
            scores = [self._agreement(source, _to_rgb255(pred), sample)
                      for pred in (preds if preds.dim() == 4 else [preds])]
            self.results.append({k: float(np.mean([s[k] for s in scores])) for k in SCORES})

    def _agreement(self, source, pred, sample):
        try:
            return stripe_agreement(source, pred, self.direction)
        except ValueError as error:
            path = sample.get(f'{self.source}_path', 'an input')
            raise ValueError(f'StripeTargetAgreement ({self.direction}) on {path}: '
                             f'{error}') from None

    def compute_metrics(self, results):
        return {f'{self.direction}_{k}': float(np.mean([r[k] for r in results]))
                for k in SCORES}


def _to_rgb255(image):
    """(3, H, W) tensor in [-1, 1] -> (H, W, 3) float64 array in [0, 255], not rounded."""
    if image.dim() != 3 or image.shape[0] != 3:
        raise ValueError(f'synth_stripes images are (3, H, W) RGB, got {tuple(image.shape)}')
    return ((image.double().clamp(-1, 1) + 1) * 127.5).permute(1, 2, 0).numpy()
