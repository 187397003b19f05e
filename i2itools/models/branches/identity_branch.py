"""CycleGAN's identity mapping: a generator fed an image of its own output domain."""
from i2itools.registry import MODELS
from .supervised_branch import SupervisedBranch


@MODELS.register_module()
class IdentityBranch(SupervisedBranch):
    """``output = generator(source)`` where ``source`` is already in the generator's target domain
    (e.g. ``idt_A = G_A(B)``); an L1 loss to ``source`` then asks G_A to leave B unchanged.

    Args:
        generator: name of the generator (e.g. 'G_A').
        source: the real images of its output domain (e.g. 'B').
        output: name of the result (e.g. 'idt_A').

    This needs equal input and output channel counts (the reference requires
    ``lambda_identity=0`` otherwise); a mismatch fails with a message saying so.
    """

    def __init__(self, generator='G_A', source='B', output='idt_A'):
        super().__init__(generator=generator, source=source, output=output)

    def __call__(self, tensors, nets):
        try:
            return super().__call__(tensors, nets)
        except RuntimeError as error:
            if 'channels' not in str(error):
                raise
            raise ValueError(
                f"IdentityBranch feeds '{self.source}' ({tensors[self.source].shape[1]} channels) "
                f'to {self.generator}, whose input has another channel count: the identity loss '
                'needs equal input and output channels. Disable it in the config by setting this '
                'branch and its identity losses to None (e.g. --cfg-options '
                'model.branches.identity_A=None model.losses.idt_A=None ...).') from error
