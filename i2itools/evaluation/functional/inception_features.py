"""Inception-v3 pool features (2048-d) of images in [-1, 1], for FID and KID, from a local state
dict: torchvision's network, or the TensorFlow graph of published FIDs fed as pytorch-fid or
clean-fid feed it."""
from typing import Callable, NamedTuple

import torch
from torch import nn
from torchvision.models import inception_v3

from .inception_inputs import bilinear_input, clean_fid_input, pytorch_fid_input
from .local_weights import WeightsFileError, load_exactly, read_state_dict, resolve_device
from .tf_inception import TF_INCEPTION_CLASSES, tf_inception_v3

FEATURE_DIM = 2048
TORCHVISION_FILE = ("a state dict of torchvision's inception_v3 (e.g. "
                    'inception_v3_google-0cc3c7bd.pth from the torchvision model zoo, copied by '
                    'hand)')
TF_GRAPH_FILE = ("pytorch-fid's port of the TensorFlow Inception, "
                 'pt_inception-2015-12-05-6726825d.pth (the fid_weights release of '
                 "pytorch-fid's GitHub repository, copied by hand)")
# the classifier heads do not touch the pool features, so files with or without them both load
UNUSED_PREFIXES = ('AuxLogits.', 'fc.')


class InceptionVariant(NamedTuple):
    """One way of computing the features: the network, its classes (which tell the files
    apart), how images become its input, and the file it loads."""
    architecture: Callable[[], nn.Module]
    classes: int
    prepare: Callable[[torch.Tensor], torch.Tensor]
    reads_8bit_files: bool
    expected_file: str


INCEPTIONS = {
    'torchvision': InceptionVariant(
        lambda: inception_v3(weights=None, aux_logits=False, init_weights=False), 1000,
        bilinear_input, False, TORCHVISION_FILE),
    'pytorch-fid': InceptionVariant(tf_inception_v3, TF_INCEPTION_CLASSES, pytorch_fid_input,
                                    True, TF_GRAPH_FILE),
    'clean-fid': InceptionVariant(tf_inception_v3, TF_INCEPTION_CLASSES, clean_fid_input, True,
                                  TF_GRAPH_FILE),
}


class InceptionFeatures(nn.Module):
    """Frozen Inception-v3 trunk: (N, C, H, W) images in [-1, 1], C in {1, 3}, any size ->
    (N, 2048) average-pool features. A grey image is repeated to RGB.

    Args:
        trunk: the network, its classifier replaced by an identity.
        prepare: maps the RGB images in [-1, 1] to the trunk's 299 x 299 input.
        reads_8bit_files: True when ``prepare`` sees the images as 8-bit files do (the papers'
            variants); the metrics then pass generated images as they would be saved.
    """

    def __init__(self, trunk, prepare, reads_8bit_files):
        super().__init__()
        self.trunk, self.prepare, self.reads_8bit_files = trunk, prepare, reads_8bit_files

    def forward(self, images):
        if images.dim() != 4 or images.shape[1] not in (1, 3):
            raise ValueError('InceptionFeatures takes (N, 3, H, W) or (N, 1, H, W) images in '
                             f'[-1, 1], got shape {tuple(images.shape)}')
        images = images.expand(-1, 3, -1, -1).to(self.device, torch.float32)
        return self.trunk(self.prepare(images))

    @property
    def device(self):
        return next(self.trunk.parameters()).device


def load_inception_features(path, device=None, inception='torchvision'):
    """The frozen :class:`InceptionFeatures` with the weights of the local state dict ``path``.

    Args:
        path: the weights of ``inception`` (``AuxLogits.*`` and ``fc.*`` entries may be present
            or not). Nothing is downloaded; a missing or foreign file raises
            :class:`~.local_weights.WeightsFileError` naming it.
        device: where the network runs; None: CUDA when available, else the CPU.
        inception: 'torchvision' (torchvision's inception_v3 weights, bilinear resize of the
            float images), 'pytorch-fid' (the TensorFlow graph of published FIDs, pytorch-fid's
            bilinear resize of the 8-bit images) or 'clean-fid' (the same graph, clean-fid's
            antialiased bicubic PIL resize of the 8-bit images).
    """
    if inception not in INCEPTIONS:
        raise ValueError(f'inception={inception!r} is not one of {sorted(INCEPTIONS)}')
    variant = INCEPTIONS[inception]
    state = read_state_dict(path, variant.expected_file, 'inception_weights')
    _check_classes(state, variant, inception, path)
    state = {k: v for k, v in state.items() if not k.startswith(UNUSED_PREFIXES)}
    with torch.device('meta'):  # the weights come from the file: skip the random init
        trunk = variant.architecture()
    trunk.fc = nn.Identity()
    trunk = load_exactly(trunk, state, path, variant.expected_file)
    return InceptionFeatures(trunk, variant.prepare, variant.reads_8bit_files).to(
        resolve_device(device)).eval()


def _check_classes(state, variant, inception, path):
    """Both files have the same trunk keys; their classifiers (1000 vs 1008 classes) tell them
    apart, so a file given for the wrong variant is refused when it has one."""
    classifier = state.get('fc.weight')
    if classifier is None or classifier.shape[0] == variant.classes:
        return
    fits = sorted(name for name, other in INCEPTIONS.items()
                  if other.classes == classifier.shape[0])
    hint = f"; it is the file of inception={' or '.join(map(repr, fits))}" if fits else ''
    raise WeightsFileError(f'inception_weights: {path!r} has a {classifier.shape[0]}-class '
                           f'classifier, not the {variant.classes} classes of '
                           f'inception={inception!r}{hint}; expected {variant.expected_file}.')
