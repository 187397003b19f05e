"""Layers with fixed weights that networks share: anti-aliased (blur) down- and up-sampling."""
from .binomial_filter import binomial_filter
from .blur_downsample import BlurDownsample
from .blur_upsample import BlurUpsample
from .resampling import DOWNSAMPLINGS, UPSAMPLINGS, check_resampling

__all__ = ['BlurDownsample', 'BlurUpsample', 'DOWNSAMPLINGS', 'UPSAMPLINGS', 'binomial_filter',
           'check_resampling']
