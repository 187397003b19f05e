"""Encode generated images back to a latent code (the cLR-GAN latent regression)."""
from i2itools.registry import MODELS
from .branch import Branch


@MODELS.register_module()
class EncodeBranch(Branch):
    """``mu = encoder(source)[0]``: the mean code the encoder sees in, e.g., a random sample.

    Args:
        encoder: name of the encoder.
        source: name of the images to encode (e.g. 'fake_B_random').
        mu: name under which the mean is stored (e.g. 'mu_random').

    With a loss ``|mu - z_random|`` restricted by ``updates=('G',)`` this is BicycleGAN's
    latent loss, which trains the generator to make its random samples recoverable.
    """

    net_fields = ('encoder',)
    input_fields = ('source',)
    output_fields = ('mu',)
    formula = '{mu} = {encoder}({source}).mu'

    def __init__(self, encoder='E', source='fake_B_random', mu='mu_random'):
        self.encoder = encoder
        self.source = source
        self.mu = mu

    def __call__(self, tensors, nets):
        return {self.mu: nets[self.encoder](tensors[self.source])[0]}
