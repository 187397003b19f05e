"""Diversity of a multimodal model: how far apart the samples drawn for one input are."""
import itertools

import torch
from mmengine.evaluator import BaseMetric

from i2itools.evaluation.functional.eight_bit import as_saved_8bit
from i2itools.registry import METRICS

#: which pairs of an input's N samples are compared
PAIRINGS = {
    'all': lambda n: list(itertools.combinations(range(n), 2)),
    # the BicycleGAN paper: sample k with sample k + 1, N - 1 distances
    'consecutive': lambda n: [(k, k + 1) for k in range(n - 1)],
}


@METRICS.register_module()
class SampleDiversity(BaseMetric):
    """Mean distance between pairs of samples of the same input: the mean over the pairs of
    each input, then over inputs (every input has as many pairs).

    ``diversity_L1``: mean absolute pixel difference on the [0, 1] scale (always);
    ``diversity_LPIPS``: mean LPIPS distance, when ``lpips`` gives its local weights, e.g.
    ``lpips=dict(net='alex', version='0.0', backbone_weights='weights/alexnet.pth')`` (the
    BicycleGAN paper's diversity score, with ``pairs='consecutive'`` and ``eight_bit=True``).

    Args:
        samples: name of the (N, C, H, W) samples of one input (``SamplesBranch``), N >= 2.
        lpips: keyword arguments of ``build_lpips``, or None for L1 only.
        pairs: 'all' (every two samples) or 'consecutive' (sample k and k + 1).
        eight_bit: measure the samples as 8-bit files hold them (saved as ``tools/test.py``
            writes them, read back as LPIPS' scripts read them), as the papers did.
    """

    default_prefix = ''  # plain result names: 'realism', not 'prefix/realism'

    def __init__(self, samples='samples_B', lpips=None, pairs='all', eight_bit=False, **kwargs):
        super().__init__(**kwargs)
        if pairs not in PAIRINGS:
            raise ValueError(f'SampleDiversity: pairs={pairs!r} is not one of {sorted(PAIRINGS)}')
        self.samples, self.pairs, self.eight_bit = samples, pairs, eight_bit
        self.lpips = None
        if lpips is not None:
            from i2itools.evaluation.functional.lpips import build_lpips
            self.lpips = build_lpips(**lpips)

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            images = sample.get(self.samples)
            if images is None or images.dim() != 4 or len(images) < 2:
                found = None if images is None else tuple(images.shape)
                raise ValueError(f"SampleDiversity needs '{self.samples}' as N >= 2 samples "
                                 f'(N, C, H, W) per input, got {found}; add a SamplesBranch '
                                 'with num_samples >= 2 to the test branches')
            if self.eight_bit:
                images = as_saved_8bit(images)
            first, second = map(list, zip(*PAIRINGS[self.pairs](len(images))))
            result = dict(l1=(images[first] - images[second]).abs().mean().item() / 2)
            if self.lpips is not None:
                device = next(self.lpips.parameters()).device
                with torch.no_grad():
                    result['lpips'] = self.lpips(images[first].to(device),
                                                 images[second].to(device)).mean().item()
            self.results.append(result)

    def compute_metrics(self, results):
        metrics = dict(diversity_L1=sum(r['l1'] for r in results) / len(results))
        if self.lpips is not None:
            metrics['diversity_LPIPS'] = sum(r['lpips'] for r in results) / len(results)
        return metrics
