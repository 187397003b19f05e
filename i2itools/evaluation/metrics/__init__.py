"""Registered metrics (``METRICS``, scope ``i2itools``).

Every metric reads the per-sample dicts that ``Translator.test_step`` returns: tensors of shape
(C, H, W), float, in [-1, 1], on the CPU, keyed by name ('A', 'B', 'fake_B', 'rec_A', ...);
multi-sample outputs are (N, C, H, W); file paths under '<key>_path'. Which keys a metric
compares are its arguments, so one metric serves any model.
"""
from .facade_label_score import FacadeLabelScore
from .fid import FID
from .kid import KID
from .lpips_metric import LPIPS
from .paired_fidelity import PairedFidelity
from .sample_diversity import SampleDiversity
from .shape_mode_metric import ShapeModeMetric
from .stripe_target_metric import StripeTargetAgreement

__all__ = ['FacadeLabelScore', 'FID', 'KID', 'LPIPS', 'PairedFidelity', 'SampleDiversity',
           'ShapeModeMetric', 'StripeTargetAgreement']
