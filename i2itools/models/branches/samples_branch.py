"""Test-time multimodal sampling: N outputs per input, for random codes, in one tensor."""
import torch

from i2itools.registry import MODELS
from .branch import Branch
from .latent import latent_size


@MODELS.register_module()
class SamplesBranch(Branch):
    """``output[i, k] = generator(source[i], z[i, k])`` with ``z ~ N(0, I)``: an (B, N, C, H, W)
    tensor that diversity and mode metrics read (``ShapeModeMetric``, ``SampleDiversity``).

    Args:
        generator: name of the z-conditioned generator.
        source: name of the input images.
        output: name of the samples.
        num_samples: N, the samples per input.
    """

    net_fields = ('generator',)
    input_fields = ('source',)
    output_fields = ('output',)
    formula = '{output} = {generator}({source}, z ~ N(0, I)) for N codes per input'

    def __init__(self, generator='G', source='A', output='samples_B', num_samples=8):
        if not isinstance(num_samples, int) or num_samples < 1:
            raise ValueError(f'SamplesBranch num_samples must be a positive int, got '
                             f'{num_samples!r}')
        self.generator = generator
        self.source = source
        self.output = output
        self.num_samples = num_samples

    def __call__(self, tensors, nets):
        source = tensors[self.source]
        generator = nets[self.generator]
        repeated = source.repeat_interleave(self.num_samples, dim=0)
        z = torch.randn(len(repeated), latent_size(generator), device=source.device)
        samples = generator(repeated, z)
        return {self.output: samples.view(len(source), self.num_samples, *samples.shape[1:])}
