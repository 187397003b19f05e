"""Registered branches: ways a batch flows through the generators to make fakes."""
from .supervised_branch import SupervisedBranch

__all__ = ['SupervisedBranch']
