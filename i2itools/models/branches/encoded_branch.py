"""cVAE-GAN's branch: encode the target image to z, then generate from the source and z."""
import torch

from i2itools.registry import MODELS
from .branch import Branch


@MODELS.register_module()
class EncodedBranch(Branch):
    """``mu, logvar = encoder(target)``; ``z = mu + eps * exp(logvar / 2)``; ``output = G(source, z)``.

    Args:
        generator: name of the z-conditioned generator.
        encoder: name of the encoder.
        source: name of the input images (e.g. 'A_1').
        target: name of the images to encode (e.g. 'B_1').
        output: name of the generated images (e.g. 'fake_B_encoded').
        latent: name under which z is stored.
        mu: name under which the encoder's mean is stored (for the KL loss).
        logvar: name under which its log-variance is stored (VAE-like encoders only).
        sample: draw z by the reparameterisation (training); False uses z = mu, as the
            reference does at test time.
    """

    net_fields = ('encoder', 'generator')
    input_fields = ('source', 'target')
    output_fields = ('output', 'latent', 'mu', 'logvar')
    output_sources = {field: ('encoder', 'target') for field in ('latent', 'mu', 'logvar')}

    def __init__(self, generator='G', encoder='E', source='A_1', target='B_1',
                 output='fake_B_encoded', latent='z_encoded', mu='mu', logvar='logvar',
                 sample=True):
        self.generator = generator
        self.encoder = encoder
        self.source = source
        self.target = target
        self.output = output
        self.latent = latent
        self.mu = mu
        self.logvar = logvar
        self.sample = sample

    @property
    def formula(self):
        latent = ('{mu} + N(0, I)·exp({logvar}/2)' if self.sample else '{mu}')
        return ('{mu}, {logvar} = {encoder}({target}); {latent} = ' + latent
                + '; {output} = {generator}({source}, {latent})')

    def __call__(self, tensors, nets):
        mu, logvar = nets[self.encoder](tensors[self.target])
        z = mu
        if self.sample and logvar is not None:
            z = mu + torch.randn_like(mu) * torch.exp(logvar * 0.5)
        out = {self.output: nets[self.generator](tensors[self.source], z), self.latent: z,
               self.mu: mu}
        if logvar is not None:
            out[self.logvar] = logvar
        return out
