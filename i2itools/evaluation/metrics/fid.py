"""FID: Fréchet distance between the Inception features of generated and real images."""
from i2itools.evaluation.functional.frechet_distance import fid_from_features
from i2itools.registry import METRICS

from .inception_feature_metric import InceptionFeatureMetric


@METRICS.register_module()
class FID(InceptionFeatureMetric):
    """Fréchet Inception Distance of ``fake`` to ``real`` (result ``FID``; lower is better).

    Arguments as :class:`InceptionFeatureMetric` (fake, real, inception_weights, inception,
    fake_path, real_path, batch_size, device). Values depend on the network and the resize:
    only ``inception='pytorch-fid'`` or ``'clean-fid'`` with the papers' file gives numbers
    comparable with published FIDs, each with those computed the same way.
    """

    def compute_metrics(self, results):
        return dict(FID=fid_from_features(*self.gathered_features(results)))
