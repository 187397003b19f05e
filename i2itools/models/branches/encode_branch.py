"""Encode generated images back to a latent code (the cLR-GAN latent regression)."""
from i2itools.registry import MODELS


@MODELS.register_module()
class EncodeBranch:
    """``mu = encoder(source)[0]``: the mean code the encoder sees in, e.g., a random sample.

    Args:
        encoder: name of the encoder.
        source: name of the images to encode (e.g. 'fake_B_random').
        mu: name under which the mean is stored (e.g. 'mu_random').

    With a loss ``|mu - z_random|`` restricted by ``updates=('G',)`` this is BicycleGAN's
    latent loss, which trains the generator to make its random samples recoverable.
    """

    def __init__(self, encoder='E', source='fake_B_random', mu='mu_random'):
        self.encoder = encoder
        self.source = source
        self.mu = mu

    @property
    def nets(self):
        """Names of the nets this branch runs."""
        return (self.encoder,)

    @property
    def requires(self):
        """Names of the tensors this branch reads."""
        return (self.source,)

    @property
    def provides(self):
        """Names of the tensors this branch writes."""
        return (self.mu,)

    def __call__(self, tensors, nets):
        return {self.mu: nets[self.encoder](tensors[self.source])[0]}
