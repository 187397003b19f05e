"""FID: Fréchet distance between the Inception features of generated and real images."""
from i2itools.evaluation.functional.frechet_distance import fid_from_features
from i2itools.registry import METRICS

from .inception_feature_metric import InceptionFeatureMetric


@METRICS.register_module()
class FID(InceptionFeatureMetric):
    """Fréchet Inception Distance of ``fake`` to ``real`` (result ``FID``; lower is better).

    Arguments as :class:`InceptionFeatureMetric` (fake, real, inception_weights, batch_size,
    device). Values depend on the Inception weights: torchvision's differ from the TensorFlow
    graph of published FIDs, so compare numbers computed with the same file only.
    """

    def compute_metrics(self, results):
        return dict(FID=fid_from_features(*self.gathered_features(results)))
