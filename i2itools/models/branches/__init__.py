"""Registered branches: ways a batch flows through the generators to make fakes."""
from .cycle_branch import CycleBranch
from .identity_branch import IdentityBranch
from .supervised_branch import SupervisedBranch

__all__ = ['CycleBranch', 'IdentityBranch', 'SupervisedBranch']
