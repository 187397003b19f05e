"""LPIPS of a translated image to its paired ground truth, from local weights."""
import torch
from mmengine.evaluator import BaseMetric

from i2itools.evaluation.functional.lpips import build_lpips
from i2itools.registry import METRICS

from .sample_images import sample_images


@METRICS.register_module()
class LPIPS(BaseMetric):
    """Mean LPIPS distance of ``pred`` to ``target`` (result ``LPIPS``; lower is closer).

    When ``pred`` holds N samples (N, C, H, W) of one input, each is compared with the target
    and the input counts once, with the mean of its samples.

    Args:
        pred: name of the generated image in the test outputs.
        target: name of its ground truth.
        net: 'alex' or 'vgg'.
        backbone_weights: local torchvision state dict of that net.
        linear_weights: local LPIPS linear layers of that net and version; None: those the
            installed ``lpips`` package ships.
        version: LPIPS '0.1' (default) or '0.0'.
        device: where the network runs; None: CUDA when available, else the CPU.
    """

    default_prefix = ''  # plain result names: 'LPIPS', not 'prefix/LPIPS'

    def __init__(self, pred='fake_B', target='B', net='alex', backbone_weights=None,
                 linear_weights=None, version='0.1', device=None, **kwargs):
        super().__init__(**kwargs)
        self.pred, self.target = pred, target
        self.network = build_lpips(net, backbone_weights, linear_weights, version, device)

    def process(self, data_batch, data_samples):
        preds = [sample_images(s, self.pred, 'LPIPS') for s in data_samples]
        targets = [sample_images(s, self.target, 'LPIPS').expand_as(p)
                   for s, p in zip(data_samples, preds)]
        with torch.inference_mode():
            distances = self.network(torch.cat(preds), torch.cat(targets)).cpu()
        self.results.extend(d.mean().item() for d in distances.split([len(p) for p in preds]))

    def compute_metrics(self, results):
        return dict(LPIPS=sum(results) / len(results))
