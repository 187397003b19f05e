"""pix2pix on ``synth_facades`` scored like the paper's FCN-score, without a trained network."""
import numpy as np
from mmengine.evaluator import BaseMetric

from i2itools.datasets.synthetic.facade_classes import labels_to_classes
from i2itools.evaluation.functional.facade_labels import (confusion_matrix, label_scores,
                                                          recover_classes)
from i2itools.registry import METRICS
from .sample_images import require_outputs


@METRICS.register_module()
class FacadeLabelScore(BaseMetric):
    """How well the labels read back from the generated facades match the input label maps.

    Each generated picture's class map is recovered from its colours
    (:mod:`i2itools.evaluation.functional.facade_labels`) and compared with the classes of the
    input label image; the pixel counts of all test images are summed into one confusion
    matrix. Results: ``label_pixel_acc`` (per-pixel accuracy), ``label_class_acc`` (mean
    per-class accuracy) and ``label_class_IoU`` (mean class IoU), the three numbers of the
    pix2pix paper's FCN-score table. The renderer's own pictures score 1.0; the data's noisy
    ground truth about 0.999 at 96 px (docs/metrics.md). Scores are exact on images at the size
    they were generated at; after a resize the label colours of A are taken to their nearest
    palette colour and the scores are approximate. Multi-sample outputs (N, C, H, W) count
    once per input, with the mean of their samples' counts.

    Args:
        source: name of the input label image (A of ``synth_facades``, direction AtoB).
        pred: name of the generated picture.
    """

    default_prefix = ''  # plain result names: 'label_pixel_acc', not 'prefix/label_pixel_acc'

    def __init__(self, source='A', pred='fake_B', **kwargs):
        super().__init__(**kwargs)
        self.source, self.pred = source, pred

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            require_outputs(sample, (self.source, self.pred), 'FacadeLabelScore')
            true = labels_to_classes(_to_rgb255(sample[self.source]), strict=False)
            preds = sample[self.pred]
            preds = preds if preds.dim() == 4 else preds[None]
            counts = [confusion_matrix(true, recover_classes(_to_rgb255(p))) for p in preds]
            self.results.append(np.mean(counts, axis=0))

    def compute_metrics(self, results):
        scores = label_scores(np.sum(results, axis=0))
        return {f'label_{name}': value for name, value in scores.items()}


def _to_rgb255(image):
    """(3, H, W) tensor in [-1, 1] -> (H, W, 3) uint8 array, rounded to the nearest level."""
    if image.dim() != 3 or image.shape[0] != 3:
        raise ValueError(f'synth_facades images are (3, H, W) RGB, got {tuple(image.shape)}')
    levels = ((image.double().clamp(-1, 1) + 1) * 127.5).round()
    return levels.permute(1, 2, 0).numpy().astype(np.uint8)
