"""KID: unbiased kernel distance between the Inception features of generated and real images."""
from i2itools.evaluation.functional.kernel_distance import kernel_inception_distance
from i2itools.registry import METRICS

from .inception_feature_metric import InceptionFeatureMetric


@METRICS.register_module()
class KID(InceptionFeatureMetric):
    """Kernel Inception Distance of ``fake`` to ``real``: results ``KID`` (mean over subsets;
    lower is better, about 0 for the same distribution) and ``KID_std``.

    Args:
        subsets: number of random subset pairs averaged.
        subset_size: rows per subset, capped by the smaller set.
        seed: fixes the subsets, so that a run can be reproduced.
        **kwargs: as :class:`InceptionFeatureMetric` (fake, real, inception_weights,
            inception, ...).
    """

    def __init__(self, subsets=100, subset_size=1000, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.subsets, self.subset_size, self.seed = subsets, subset_size, seed

    def compute_metrics(self, results):
        mean, std = kernel_inception_distance(*self.gathered_features(results), self.subsets,
                                              self.subset_size, self.seed)
        return dict(KID=mean, KID_std=std)
