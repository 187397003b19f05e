"""Shared part of FID and KID: the Inception features of generated and real images, collected
sample by sample so that distributed evaluation gathers them like any other result."""
import torch
from mmengine.evaluator import BaseMetric

from i2itools.evaluation.functional.inception_features import load_inception_features

from .sample_images import sample_images


class InceptionFeatureMetric(BaseMetric):
    """Collects the Inception-v3 pool features of ``fake`` and ``real`` images; subclasses turn
    them into a distance in ``compute_metrics``.

    Args:
        fake: name of the generated images: one (C, H, W) per input, or (N, C, H, W) samples,
            each of which counts.
        real: name of the real images.
        inception_weights: path of a local torchvision inception_v3 state dict
            (e.g. inception_v3_google-0cc3c7bd.pth); nothing is downloaded.
        batch_size: the most images per Inception forward pass.
        device: where Inception runs; None: CUDA when available, else the CPU.
    """

    default_prefix = ''  # plain result names: 'FID', not 'prefix/FID'

    def __init__(self, fake='fake_B', real='B', inception_weights=None, batch_size=16,
                 device=None, **kwargs):
        super().__init__(**kwargs)
        self.fake, self.real, self.batch_size = fake, real, batch_size
        self.inception = load_inception_features(inception_weights, device)

    def process(self, data_batch, data_samples):
        name = type(self).__name__
        fakes = [sample_images(s, self.fake, name) for s in data_samples]
        reals = [sample_images(s, self.real, name) for s in data_samples]
        fake_features = self._features(torch.cat(fakes)).split([len(f) for f in fakes])
        real_features = self._features(torch.cat(reals)).split([len(r) for r in reals])
        self.results.extend(dict(fake=f, real=r) for f, r in zip(fake_features, real_features))

    def _features(self, images):
        with torch.inference_mode():
            return torch.cat([self.inception(chunk).cpu()
                              for chunk in images.split(self.batch_size)])

    def gathered_features(self, results):
        """(fake, real) float64 feature arrays of every collected sample."""
        fake = torch.cat([r['fake'] for r in results]).double().numpy()
        real = torch.cat([r['real'] for r in results]).double().numpy()
        if min(len(fake), len(real)) < 2:
            raise ValueError(f'{type(self).__name__} needs at least 2 fake and 2 real images, '
                             f'got {len(fake)} and {len(real)}; evaluate on more inputs')
        return fake, real
