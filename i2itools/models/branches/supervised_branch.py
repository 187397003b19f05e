"""The pix2pix branch: translate the source images with one generator."""
from i2itools.registry import MODELS
from .branch import Branch


@MODELS.register_module()
class SupervisedBranch(Branch):
    """``output = generator(source)``.

    Args:
        generator: name of the generator net (a key of the model's ``nets``).
        source: name of the input tensor (e.g. 'A').
        output: name under which the translation is stored (e.g. 'fake_B').

    A branch reads named tensors (the batch and earlier branches' outputs) and returns new ones;
    losses and discriminators then refer to those names.
    """

    net_fields = ('generator',)
    input_fields = ('source',)
    output_fields = ('output',)
    formula = '{output} = {generator}({source})'

    def __init__(self, generator='G', source='A', output='fake_B'):
        self.generator = generator
        self.source = source
        self.output = output

    def __call__(self, tensors, nets):
        return {self.output: nets[self.generator](tensors[self.source])}
