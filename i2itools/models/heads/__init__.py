"""Heads on other nets' features; importing this package registers them in ``MODELS``."""
from .patch_sampler import PatchSampler

__all__ = ['PatchSampler']
