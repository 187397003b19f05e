"""``synth_shapes``: outline -> filled shape pairs with K known modes, the built-in BicycleGAN data.

A is an edge map of 1 to 3 shapes; B is the same shapes filled with one of ``num_modes``
palette colours, the image's mode (the rule is in :mod:`.shape_modes`). The mode is drawn
uniformly from its own random stream, independently of the shapes, so A says nothing about it:
the mapping A -> B is one-to-many and a model must take the mode from its latent code.

Each image is drawn from its own random streams (layout, mode), seeded by (seed, split, index),
so an image does not depend on which others were made, in which order or in which process, and
the layout (hence A) does not depend on ``num_modes`` either. Beside each split folder the
generator writes its ground truth, ``root/{split}_modes.json`` (:func:`load_modes`)::

    {"dataset": "synth_shapes", "split": "train", "seed": 0, "size": 256, "num_modes": 4,
     "palette": [[200, 40, 40], ...], "modes": {"0000.png": 2, "0001.png": 0, ...}}

with which ``B = render(synth_shapes_layout(seed, split, index, size), mode)[1]`` exactly.
"""
import json
import os
import zlib

import numpy as np
from PIL import Image

from .generator_args import check_generator_args
from .shape_modes import DEFAULT_NUM_MODES, palette, random_shapes_layout, render
from .synth_facades import SPLITS

NAME = 'synth_shapes'


def modes_file(split):
    """The name of the ground-truth file of ``split``, written in the dataset's root."""
    return f'{split}_modes.json'


#: split folder -> the ground-truth files that go with it
GROUND_TRUTH = {split: (modes_file(split),) for split in SPLITS}


def _streams(seed, split, index):
    entropy = [int(seed), zlib.crc32(NAME.encode()), zlib.crc32(split.encode()), int(index)]
    layout, mode = np.random.SeedSequence(entropy).spawn(2)
    return np.random.default_rng(layout), np.random.default_rng(mode)


def synth_shapes_layout(seed, split, index, size=256):
    """The :class:`~.shape_modes.ShapesLayout` of image ``index`` of ``split``."""
    return random_shapes_layout(_streams(seed, split, index)[0], size)


def synth_shapes_mode(seed, split, index, num_modes=DEFAULT_NUM_MODES):
    """The mode of image ``index`` of ``split``: uniform over ``range(num_modes)``."""
    palette(num_modes)  # checks num_modes
    return int(_streams(seed, split, index)[1].integers(num_modes))


def synth_shapes_pair(seed, split, index, size=256, num_modes=DEFAULT_NUM_MODES):
    """One pair: (edges A, filled shapes B, layout, mode), the images (size, size, 3) uint8."""
    layout = synth_shapes_layout(seed, split, index, size)
    mode = synth_shapes_mode(seed, split, index, num_modes)
    return (*render(layout, mode), layout, mode)


def load_modes(root, split):
    """The ground truth of ``root/split``: the dict of ``root/{split}_modes.json``."""
    path = os.path.join(root, modes_file(split))
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"no ground truth '{path}': it is written by `python tools/make_dataset.py "
            f'{NAME} --root {root}` (or builtin={NAME!r}) beside the split folder') from None


def _write_modes(root, split, seed, size, num_modes, modes):
    header = dict(dataset=NAME, split=split, seed=seed, size=size, num_modes=num_modes,
                  palette=palette(num_modes).tolist())
    # one line per field and per image, so that the file reads (and diffs) well
    lines = [f' {json.dumps(k)}: {json.dumps(v)},' for k, v in header.items()]
    entries = ',\n'.join(f'  {json.dumps(name)}: {mode}' for name, mode in modes.items())
    with open(os.path.join(root, modes_file(split)), 'w') as f:
        f.write('{\n' + '\n'.join(lines) + '\n "modes": {\n' + entries + '\n }\n}\n')


def generate_synth_shapes(root, size=256, num_train=1000, num_val=100, num_test=100,
                          num_modes=DEFAULT_NUM_MODES, seed=0):
    """Write ``root/{train,val,test}/{index:04d}.png``, each the A|B pair side by side, and
    ``root/{split}_modes.json``, the mode of each file.

    Returns a dict split -> number of images written. A split with 0 images is not created.
    """
    counts = check_generator_args('synth_shapes', size, 32,
                                  dict(zip(SPLITS, (num_train, num_val, num_test))))
    palette(num_modes)
    for split, count in counts.items():
        if not count:
            continue
        folder = os.path.join(root, split)
        os.makedirs(folder, exist_ok=True)
        digits = max(4, len(str(count - 1)))
        modes = {}
        for index in range(count):
            edges, filled, _, mode = synth_shapes_pair(seed, split, index, size, num_modes)
            name = f'{index:0{digits}d}.png'
            Image.fromarray(np.concatenate([edges, filled], axis=1)).save(
                os.path.join(folder, name), compress_level=1)
            modes[name] = mode
        _write_modes(root, split, seed, size, num_modes, modes)
    return {split: count for split, count in counts.items() if count}
