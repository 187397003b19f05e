"""Registered branches: ways a batch flows through the nets to make fakes and codes."""
from .batch_split import BatchSplit
from .branch import Branch
from .cycle_branch import CycleBranch
from .encode_branch import EncodeBranch
from .encoded_branch import EncodedBranch
from .identity_branch import IdentityBranch
from .patch_sample_branch import PatchSampleBranch
from .random_branch import RandomBranch
from .random_flip_branch import RandomFlipBranch
from .samples_branch import SamplesBranch
from .supervised_branch import SupervisedBranch

__all__ = ['BatchSplit', 'Branch', 'CycleBranch', 'EncodeBranch', 'EncodedBranch', 'IdentityBranch',
           'PatchSampleBranch', 'RandomBranch', 'RandomFlipBranch', 'SamplesBranch',
           'SupervisedBranch']
