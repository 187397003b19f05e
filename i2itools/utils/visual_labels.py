"""Column labels for pages and grids: what a tensor name of the configs means to a reader.

The configs name tensors by a convention: the domains are ``A`` and ``B`` (``A_1``, ``B_2``:
the halves of a BicycleGAN batch), ``fake_B`` is a translation into B, ``rec_A`` the round trip
A → B → A, ``idt_A`` a generator's identity image, ``_encoded`` / ``_random`` say where the
latent code came from. Names outside the convention are shown as they are.
"""
import re

#: the file beside a folder of grids that lists the labels of their columns (a JSON list)
COLUMNS_FILE = 'columns.json'
#: what the suffix of a fake says about its latent code
CODE_SUFFIXES = {'encoded': 'z = E(B)', 'random': 'random z'}
_NAME = re.compile(r'^(?:(?P<kind>fake|rec|idt|samples)_)?(?P<domain>[A-Z])'
                   r'(?:_(?P<suffix>\d|encoded|random))?$')


def visual_label(name):
    """``'A → B'`` for ``fake_B``, ``'A → B → A'`` for ``rec_A``, ``'A'`` for ``A_1``, ...;
    ``name`` itself when it does not follow the convention."""
    match = _NAME.match(name)
    if match is None:
        return name
    kind, domain, suffix = match.group('kind', 'domain', 'suffix')
    other = {'A': 'B', 'B': 'A'}.get(domain, '?')
    label = {None: domain, 'fake': f'{other} → {domain}',
             'rec': f'{domain} → {other} → {domain}', 'idt': f'{other} → {other} (identity)',
             'samples': f'{other} → {domain} sample'}[kind]
    if suffix in CODE_SUFFIXES:
        label += f', {CODE_SUFFIXES[suffix]}'
    return label


def role_labels(names, inputs):
    """Labels of ``names`` for a test page: the data keys in ``inputs`` (what the test branches
    translate) are 'input X', the other plain domains 'ground truth X', fakes as
    :func:`visual_label` says."""
    labels = {}
    for name in names:
        label, match = visual_label(name), _NAME.match(name)
        if match is not None and match.group('kind') is None:  # an image of the data
            label = f'{"input" if name in inputs else "ground truth"} {label}'
        labels[name] = label
    return labels
