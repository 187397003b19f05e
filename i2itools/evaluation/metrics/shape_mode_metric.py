"""Mode collapse, realism and fidelity of a multimodal model on ``synth_shapes``, exactly."""
import numpy as np
from mmengine.evaluator import BaseMetric

from i2itools.datasets.synthetic.shape_modes import (DEFAULT_NUM_MODES, mask_from_edges,
                                                     recover_mode)
from i2itools.evaluation.functional.shape_mode_scores import (DEFAULT_TOLERANCE,
                                                              generated_mask, js_divergence,
                                                              mask_iou, realism)
from i2itools.registry import METRICS
from i2itools.utils.image_conversion import tensor_to_uint8


@METRICS.register_module()
class ShapeModeMetric(BaseMetric):
    """Ground-truth scores of the samples drawn for each ``synth_shapes`` input.

    Results (each a mean over inputs, or over all samples of all inputs):

    * ``realism``: share of the true shape pixels whose colour is one a mode takes
      (a palette colour at a brightness in the data's shading range, within ``tolerance``);
    * ``mode_coverage``: distinct modes among an input's samples, over ``num_modes``;
    * ``modes_per_input``: the same count, not divided;
    * ``mode_js``: Jensen-Shannon divergence (bits) between the histogram of the samples' modes
      and that of the true B's modes: 0 when the model draws modes as often as the data has them;
    * ``mask_iou``: IoU of the shapes drawn (pixels nearer a shape colour than the background)
      with the shapes A encloses: fidelity to the input;
    * ``encoded_mode_accuracy`` (when ``encoded`` is produced): share of inputs whose encoded
      output ``G(A, E(B))`` has B's mode.

    Args:
        source: name of the outline images A.
        target: name of the true images B (their modes are the reference histogram).
        samples: name of the (N, C, H, W) samples drawn for one input (``SamplesBranch``).
        encoded: name of the encoded reconstruction; skipped when a model does not make it.
        num_modes: the dataset's number of modes K (``builtin.num_modes``, 4 by default).
        tolerance: RGB distance (0-255 units) within which a pixel counts as realistic.
    """

    default_prefix = ''  # plain result names: 'realism', not 'prefix/realism'

    def __init__(self, source='A', target='B', samples='samples_B', encoded='fake_B_encoded',
                 num_modes=DEFAULT_NUM_MODES, tolerance=DEFAULT_TOLERANCE, **kwargs):
        super().__init__(**kwargs)
        self.source, self.target, self.samples, self.encoded = source, target, samples, encoded
        self.num_modes = num_modes
        self.tolerance = tolerance

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            if self.samples not in sample:
                raise KeyError(f"ShapeModeMetric needs '{self.samples}' (N samples per input), "
                               f'but the test step gave {sorted(sample)}; add a SamplesBranch '
                               'to the model\'s test_branches (see configs/bicycle/z8_all.py)')
            self.results.append(self._score(sample))

    def _score(self, sample):
        mask = mask_from_edges(tensor_to_uint8(sample[self.source]))
        true_mode, _ = recover_mode(tensor_to_uint8(sample[self.target]), mask, self.num_modes)
        images = [tensor_to_uint8(image) for image in sample[self.samples]]
        score = dict(
            true_mode=true_mode,
            modes=[recover_mode(image, mask, self.num_modes)[0] for image in images],
            realism=[realism(image, mask, self.num_modes, self.tolerance) for image in images],
            iou=[mask_iou(generated_mask(image, self.num_modes), mask) for image in images])
        if self.encoded in sample:
            encoded = tensor_to_uint8(sample[self.encoded])
            score['encoded_mode'] = recover_mode(encoded, mask, self.num_modes)[0]
        return score

    def compute_metrics(self, results):
        distinct = [len(set(r['modes'])) for r in results]
        drawn = np.bincount([m for r in results for m in r['modes']], minlength=self.num_modes)
        true = np.bincount([r['true_mode'] for r in results], minlength=self.num_modes)
        metrics = dict(
            realism=float(np.mean([v for r in results for v in r['realism']])),
            mode_coverage=float(np.mean(distinct)) / self.num_modes,
            modes_per_input=float(np.mean(distinct)),
            mode_js=js_divergence(drawn, true),
            mask_iou=float(np.mean([v for r in results for v in r['iou']])))
        encoded = [r['encoded_mode'] == r['true_mode'] for r in results if 'encoded_mode' in r]
        if encoded:
            metrics['encoded_mode_accuracy'] = float(np.mean(encoded))
        return metrics
