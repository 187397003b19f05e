"""BicycleGAN's split of every batch into a first half (encoded) and a second half (random)."""
from i2itools.registry import MODELS
from .branch import Branch


@MODELS.register_module()
class BatchSplit(Branch):
    """``<key>_1`` = first half and ``<key>_2`` = second half of each named tensor.

    Args:
        keys: names of the batch tensors to split (e.g. ('A', 'B')).

    The reference BicycleGAN trains its cVAE-GAN branch on the first half and shows the second
    half's real images to D2, so the batch size must be even.
    """

    def __init__(self, keys=('A', 'B')):
        self.keys = tuple(keys)

    @property
    def nets(self):
        """Names of the nets this branch runs (none)."""
        return ()

    @property
    def requires(self):
        """Names of the tensors this branch reads."""
        return self.keys

    @property
    def provides(self):
        """Names of the tensors this branch writes."""
        return tuple(f'{k}_{half}' for k in self.keys for half in (1, 2))

    def sources(self, output):
        """Each half comes from its whole tensor and runs no net."""
        return (), (output.rsplit('_', 1)[0],)

    def describe(self):
        return '; '.join(f'{k}_1, {k}_2 = halves of {k}' for k in self.keys)

    def __call__(self, tensors, nets):
        size = len(tensors[self.keys[0]])
        if size % 2:
            raise ValueError(f'BatchSplit halves every batch (BicycleGAN), so the batch size must '
                             f'be even; got {size}. Set train_dataloader.batch_size to an even '
                             'number.')
        half = size // 2
        return {f'{k}_{i + 1}': part for k in self.keys
                for i, part in enumerate((tensors[k][:half], tensors[k][half:]))}
