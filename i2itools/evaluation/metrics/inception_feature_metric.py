"""Shared part of FID and KID: the Inception features of generated and real images, collected
sample by sample so that distributed evaluation gathers them like any other result."""
import torch
from mmengine.evaluator import BaseMetric

from i2itools.evaluation.functional.eight_bit import as_saved_8bit
from i2itools.evaluation.functional.inception_features import load_inception_features

from .sample_images import require_outputs, sample_images


class InceptionFeatureMetric(BaseMetric):
    """Collects the Inception-v3 pool features of ``fake`` and ``real`` images; subclasses turn
    them into a distance in ``compute_metrics``.

    Args:
        fake: name of the generated images: one (C, H, W) per input, or (N, C, H, W) samples,
            each of which counts.
        real: name of the real images.
        inception_weights: path of the local weights of ``inception``; nothing is downloaded.
        inception: 'torchvision' (torchvision's inception_v3_google-0cc3c7bd.pth), or the
            papers' network (pytorch-fid's pt_inception-2015-12-05-6726825d.pth) with
            'pytorch-fid' or 'clean-fid' resizing. These two see images as 8-bit files:
            generated ones as ``tools/test.py`` saves them (rounded down), real ones as read.
        fake_path, real_path: names of the path outputs that identify each fake's input and
            each real image (e.g. 'A_path', 'B_path'): a path seen before does not count again,
            as the unaligned test loader repeats the smaller domain. None: every sample counts.
        batch_size: the most images per Inception forward pass.
        device: where Inception runs; None: CUDA when available, else the CPU.
    """

    default_prefix = ''  # plain result names: 'FID', not 'prefix/FID'

    def __init__(self, fake='fake_B', real='B', inception_weights=None, inception='torchvision',
                 fake_path=None, real_path=None, batch_size=16, device=None, **kwargs):
        super().__init__(**kwargs)
        self.fake, self.real, self.batch_size = fake, real, batch_size
        self.fake_path, self.real_path = fake_path, real_path
        self.inception = load_inception_features(inception_weights, device, inception)

    def process(self, data_batch, data_samples):
        name = type(self).__name__
        fakes = [sample_images(s, self.fake, name) for s in data_samples]
        reals = [sample_images(s, self.real, name) for s in data_samples]
        paths = [(_path(s, self.fake_path, name), _path(s, self.real_path, name))
                 for s in data_samples]
        if self.inception.reads_8bit_files:
            fakes = [as_saved_8bit(f) for f in fakes]
        fake_features = self._features(torch.cat(fakes)).split([len(f) for f in fakes])
        real_features = self._features(torch.cat(reals)).split([len(r) for r in reals])
        for (fake_path, real_path), fake, real in zip(paths, fake_features, real_features):
            self.results.append(dict(fake=fake, real=real, fake_path=fake_path,
                                     real_path=real_path))

    def _features(self, images):
        with torch.inference_mode():
            return torch.cat([self.inception(chunk).cpu()
                              for chunk in images.split(self.batch_size)])

    def gathered_features(self, results):
        """(fake, real) float64 feature arrays of every collected sample (of every distinct
        path, with ``fake_path`` / ``real_path``)."""
        fake = torch.cat(_distinct(results, 'fake')).double().numpy()
        real = torch.cat(_distinct(results, 'real')).double().numpy()
        if min(len(fake), len(real)) < 2:
            raise ValueError(f'{type(self).__name__} needs at least 2 fake and 2 real images, '
                             f'got {len(fake)} and {len(real)}; evaluate on more inputs')
        return fake, real


def _path(sample, key, metric):
    if key is None:
        return None
    require_outputs(sample, [key], f'{metric} (fake_path / real_path)')
    return sample[key]


def _distinct(results, role):
    """The ``role`` features of the results, the first of each path only (all without paths)."""
    seen, kept = set(), []
    for result in results:
        path = result[f'{role}_path']
        if path is not None:
            if path in seen:
                continue
            seen.add(path)
        kept.append(result[role])
    return kept
