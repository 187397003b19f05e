"""A random horizontal flip of a batch inside the model, recorded so that later parts can undo it
(FastCUT's flip equivariance)."""
import torch

from i2itools.registry import MODELS
from .branch import Branch


@MODELS.register_module()
class RandomFlipBranch(Branch):
    """``output = source`` mirrored left-right with probability ``probability`` (one draw for the
    whole batch), or ``source`` unchanged; ``flag`` records which (a bool tensor).

    Args:
        source: name of the images (e.g. 'A').
        output: name of the images as flipped or not (e.g. 'A_flip'), which a generator then
            translates.
        flag: name of the draw; when the tensors already hold it (given in the batch, or drawn by
            an earlier flip branch, so that A and B can share one draw) it is used instead of a
            new draw.
        probability: chance of a flip.

    The draw is ``torch.rand(()) < probability`` on torch's global CPU generator (the reference
    draws ``np.random.random() < 0.5``). A :class:`PatchSampleBranch` with ``unflip=flag``
    mirrors the generated image's features back, so that they line up with the source's.
    """

    input_fields = ('source',)
    output_fields = ('output', 'flag')
    output_sources = {'flag': ()}
    formula = '{flag} = one random draw; {output} = {source} mirrored if {flag}, else {source}'

    def __init__(self, source='A', output='A_flip', flag='flipped', probability=0.5):
        if not 0 <= probability <= 1:
            raise ValueError(f'RandomFlipBranch probability must be in [0, 1], got {probability!r}')
        self.source = source
        self.output = output
        self.flag = flag
        self.probability = probability

    def __call__(self, tensors, nets):
        flag = tensors.get(self.flag)
        flag = torch.rand(()) < self.probability if flag is None else torch.as_tensor(flag).bool()
        images = tensors[self.source]
        return {self.output: images.flip(-1) if flag else images, self.flag: flag}
