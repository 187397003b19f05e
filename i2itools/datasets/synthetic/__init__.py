"""Built-in synthetic datasets, generated procedurally and deterministically from a seed."""
from .builtin import (BUILTIN_DATASETS, BuiltinDataset, builtin_names, ensure_builtin,
                      generate_builtin, get_builtin, write_builtin)
from .facade_classes import (CLASS_INDEX, FACADE_CLASSES, LABEL_PALETTE, TEXTURES, FacadeClass,
                             classes_to_labels, labels_to_classes, render_facade)
from .stripe_rule import (BACKGROUND, DARK_PALETTE, PALETTE, SHAPES, Shape, ShapeLayout,
                          plain_image, random_layout, render_plain, render_striped,
                          stripe_image, stripe_period)
from .shape_modes import (MAX_MODES, MODE_NAMES, MODE_PALETTE, SHAPE_KINDS, ModeShape,
                          ShapesLayout, mask_from_edges, outline_width, pixel_modes,
                          random_shapes_layout, recover_mode, render_edges, render_filled)
from .shape_modes import render as render_shapes
from .synth_facades import facade_layout, generate_synth_facades, synth_facade_pair
from .synth_shapes import (generate_synth_shapes, load_modes, synth_shapes_layout,
                           synth_shapes_mode, synth_shapes_pair)
from .synth_stripes import generate_synth_stripes, stripes_layout, synth_stripes_image

__all__ = [
    'BUILTIN_DATASETS', 'BuiltinDataset', 'get_builtin', 'generate_builtin', 'ensure_builtin',
    'write_builtin', 'builtin_names', 'FACADE_CLASSES', 'FacadeClass', 'LABEL_PALETTE',
    'CLASS_INDEX', 'TEXTURES', 'classes_to_labels', 'labels_to_classes', 'render_facade',
    'facade_layout', 'generate_synth_facades', 'synth_facade_pair', 'SHAPES', 'PALETTE',
    'DARK_PALETTE', 'BACKGROUND', 'Shape', 'ShapeLayout', 'random_layout', 'render_plain',
    'render_striped', 'stripe_image', 'plain_image', 'stripe_period', 'generate_synth_stripes',
    'stripes_layout', 'synth_stripes_image', 'SHAPE_KINDS', 'MODE_PALETTE', 'MODE_NAMES',
    'MAX_MODES', 'ModeShape', 'ShapesLayout', 'random_shapes_layout', 'outline_width',
    'render_shapes', 'render_edges', 'render_filled', 'mask_from_edges', 'pixel_modes',
    'recover_mode', 'generate_synth_shapes', 'synth_shapes_layout', 'synth_shapes_mode',
    'synth_shapes_pair', 'load_modes'
]
