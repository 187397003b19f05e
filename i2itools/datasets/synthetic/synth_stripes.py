"""``synth_stripes``: unpaired plain shapes (A) and striped shapes (B), the built-in CycleGAN data.

Each image is drawn from its own random stream, seeded by (seed, split, domain, index), so an
image does not depend on which others were made, in which order or in which process, and the two
domains never share a layout: ``trainA/0003.png`` and ``trainB/0003.png`` are unrelated. The
rule that maps one domain to the other lives in :mod:`.stripe_rule`; for every test image the
true image of the other domain is written too, for evaluation:

``testA_true_B/i.png = render_striped(layout of testA/i.png)`` and
``testB_true_A/i.png = render_plain(layout of testB/i.png)``.
"""
import os
import zlib

import numpy as np
from PIL import Image

from .generator_args import check_generator_args
from .stripe_rule import random_layout, render_plain, render_striped

#: the folders the generator writes, in order
FOLDERS = ('trainA', 'trainB', 'testA', 'testB', 'testA_true_B', 'testB_true_A')
#: split -> the folders a dataset reading that split needs (the truth comes with the test split)
SPLIT_FOLDERS = {'train': ('trainA', 'trainB'),
                 'test': ('testA', 'testB', 'testA_true_B', 'testB_true_A')}
DOMAINS = ('A', 'B')
RENDER = {'A': render_plain, 'B': render_striped}
OTHER = {'A': 'B', 'B': 'A'}


def stripes_layout(seed, split, domain, index, size=256):
    """The :class:`~.stripe_rule.ShapeLayout` of image ``index`` of ``{split}{domain}``."""
    if domain not in DOMAINS:
        raise ValueError(f"synth_stripes domain must be 'A' or 'B', got {domain!r}")
    entropy = [int(seed), zlib.crc32(split.encode()), zlib.crc32(domain.encode()), int(index)]
    return random_layout(np.random.default_rng(np.random.SeedSequence(entropy)), size)


def synth_stripes_image(seed, split, domain, index, size=256):
    """One image and its true counterpart: (image in ``domain``, same layout in the other
    domain, layout), the images (size, size, 3) uint8."""
    layout = stripes_layout(seed, split, domain, index, size)
    return RENDER[domain](layout), RENDER[OTHER[domain]](layout), layout


def _save(array, folder, name):
    Image.fromarray(array).save(os.path.join(folder, name), compress_level=1)


def generate_synth_stripes(root, size=256, num_train=400, num_test=100, seed=0):
    """Write ``root/{trainA,trainB,testA,testB}/{index:04d}.png`` and the true counterparts of
    the test images, ``root/testA_true_B`` and ``root/testB_true_A``.

    ``num_train`` and ``num_test`` count images per domain. Returns a dict folder -> number of
    images written; a split with 0 images is not created.
    """
    counts = check_generator_args('synth_stripes', size, 16,
                                  dict(train=num_train, test=num_test))
    written = {}
    for split, count in counts.items():
        if not count:
            continue
        digits = max(4, len(str(count - 1)))
        for domain in DOMAINS:
            folder = os.path.join(root, split + domain)
            truth = os.path.join(root, f'{split}{domain}_true_{OTHER[domain]}')
            os.makedirs(folder, exist_ok=True)
            if split == 'test':
                os.makedirs(truth, exist_ok=True)
            for index in range(count):
                image, other, _ = synth_stripes_image(seed, split, domain, index, size)
                _save(image, folder, f'{index:0{digits}d}.png')
                if split == 'test':
                    _save(other, truth, f'{index:0{digits}d}.png')
            written[os.path.basename(folder)] = count
            if split == 'test':
                written[os.path.basename(truth)] = count
    return {name: written[name] for name in FOLDERS if name in written}
