"""Built-in synthetic datasets, generated procedurally and deterministically from a seed."""
from .builtin import (BUILTIN_DATASETS, BuiltinDataset, builtin_names, ensure_builtin,
                      generate_builtin, get_builtin, write_builtin)
from .facade_classes import (CLASS_INDEX, FACADE_CLASSES, LABEL_PALETTE, TEXTURES, FacadeClass,
                             classes_to_labels, labels_to_classes, render_facade)
from .stripe_rule import (BACKGROUND, DARK_PALETTE, PALETTE, SHAPES, Shape, ShapeLayout,
                          plain_image, random_layout, render_plain, render_striped,
                          stripe_image, stripe_period)
from .synth_facades import facade_layout, generate_synth_facades, synth_facade_pair
from .synth_stripes import generate_synth_stripes, stripes_layout, synth_stripes_image

__all__ = [
    'BUILTIN_DATASETS', 'BuiltinDataset', 'get_builtin', 'generate_builtin', 'ensure_builtin',
    'write_builtin', 'builtin_names', 'FACADE_CLASSES', 'FacadeClass', 'LABEL_PALETTE',
    'CLASS_INDEX', 'TEXTURES', 'classes_to_labels', 'labels_to_classes', 'render_facade',
    'facade_layout', 'generate_synth_facades', 'synth_facade_pair', 'SHAPES', 'PALETTE',
    'DARK_PALETTE', 'BACKGROUND', 'Shape', 'ShapeLayout', 'random_layout', 'render_plain',
    'render_striped', 'stripe_image', 'plain_image', 'stripe_period', 'generate_synth_stripes',
    'stripes_layout', 'synth_stripes_image'
]
