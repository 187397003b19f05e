"""CycleGAN's cycle: translate with one generator and back with the other."""
from i2itools.registry import MODELS
from .branch import Branch


@MODELS.register_module()
class CycleBranch(Branch):
    """``fake = generator(source)`` and ``reconstruction = inverse(fake)``.

    Args:
        generator: name of the net translating the source domain (e.g. 'G_A': A -> B).
        inverse: name of the net translating back (e.g. 'G_B': B -> A).
        source: name of the input tensor (e.g. 'A').
        fake: name under which the translation is stored (e.g. 'fake_B').
        reconstruction: name under which the round trip is stored (e.g. 'rec_A').

    The reconstruction keeps the graph through both generators, so a cycle loss on it
    updates both.
    """

    net_fields = ('generator', 'inverse')
    input_fields = ('source',)
    output_fields = ('fake', 'reconstruction')
    output_sources = {'fake': ('generator', 'source')}
    formula = '{fake} = {generator}({source}); {reconstruction} = {inverse}({fake})'

    def __init__(self, generator='G_A', inverse='G_B', source='A', fake='fake_B',
                 reconstruction='rec_A'):
        self.generator = generator
        self.inverse = inverse
        self.source = source
        self.fake = fake
        self.reconstruction = reconstruction

    def __call__(self, tensors, nets):
        fake = nets[self.generator](tensors[self.source])
        return {self.fake: fake, self.reconstruction: nets[self.inverse](fake)}
