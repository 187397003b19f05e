"""cLR-GAN's branch (and pix2pix + noise): generate from the source and a random z."""
import torch

from i2itools.registry import MODELS
from .branch import Branch
from .latent import latent_size


@MODELS.register_module()
class RandomBranch(Branch):
    """``z ~ N(0, I)``; ``output = generator(source, z)``.

    Args:
        generator: name of the z-conditioned generator (its ``nz`` sets the width of z).
        source: name of the input images (the reference uses the first half, 'A_1').
        output: name of the generated images (e.g. 'fake_B_random').
        latent: name of z; when the tensors already hold it (sampling with chosen codes)
            it is used instead of a new draw.
    """

    net_fields = ('generator',)
    input_fields = ('source',)
    output_fields = ('output', 'latent')
    output_sources = {'latent': ()}
    formula = '{latent} ~ N(0, I); {output} = {generator}({source}, {latent})'

    def __init__(self, generator='G', source='A_1', output='fake_B_random', latent='z_random'):
        self.generator = generator
        self.source = source
        self.output = output
        self.latent = latent

    def __call__(self, tensors, nets):
        source = tensors[self.source]
        z = tensors.get(self.latent)
        if z is None:
            generator = nets[self.generator]
            z = torch.randn(len(source), latent_size(generator), device=source.device)
        return {self.output: nets[self.generator](source, z), self.latent: z}
