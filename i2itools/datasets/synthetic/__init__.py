"""Built-in synthetic datasets, generated procedurally and deterministically from a seed."""
from .builtin import (BUILTIN_DATASETS, BuiltinDataset, ensure_builtin, generate_builtin,
                      get_builtin, write_builtin)
from .facade_classes import (CLASS_INDEX, FACADE_CLASSES, LABEL_PALETTE, TEXTURES, FacadeClass,
                             classes_to_labels, labels_to_classes, render_facade)
from .synth_facades import facade_layout, generate_synth_facades, synth_facade_pair

__all__ = [
    'BUILTIN_DATASETS', 'BuiltinDataset', 'get_builtin', 'generate_builtin', 'ensure_builtin',
    'write_builtin', 'FACADE_CLASSES', 'FacadeClass', 'LABEL_PALETTE', 'CLASS_INDEX', 'TEXTURES',
    'classes_to_labels', 'labels_to_classes', 'render_facade', 'facade_layout',
    'generate_synth_facades', 'synth_facade_pair'
]
