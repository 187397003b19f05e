"""Frozen evaluation networks from weight files the user already has: never a download, and
errors that name the file, what is wrong with it, and which file is expected instead."""
import os.path as osp
import zipfile

import torch

NO_DOWNLOAD = 'i2itools never downloads weights'


class WeightsFileError(ValueError):
    """A weights file is missing, unreadable, or not the network it should be."""


def resolve_device(device=None):
    """``device`` as a torch.device; None picks CUDA when available, else the CPU."""
    if device is None:
        device = 'cuda' if torch.cuda.is_available() else 'cpu'
    return torch.device(device)


def read_state_dict(path, expected, argument):
    """The state dict (name -> tensor) saved at ``path``.

    Args:
        path: a local file written by ``torch.save(module.state_dict(), path)``.
        expected: words for the file that belongs here, quoted in every error.
        argument: the name of the argument that gave ``path``, quoted when it is missing.
    """
    if path is None:
        raise WeightsFileError(f'{argument} is not set: give the path of {expected}. '
                               f'{NO_DOWNLOAD}.')
    path = osp.expanduser(str(path))
    if not osp.isfile(path):
        raise WeightsFileError(f'{argument}: no file at {path!r}; expected {expected}. '
                               f'{NO_DOWNLOAD}: put the file there or fix the path.')
    if _is_torchscript(path):
        raise WeightsFileError(f'{argument}: {path!r} is a TorchScript archive; expected '
                               f'{expected}, saved with torch.save(model.state_dict(), path).')
    try:
        state = torch.load(path, map_location='cpu', weights_only=True)
    except Exception as error:  # torch raises several kinds for a corrupt or foreign file
        raise WeightsFileError(f'{argument}: cannot read {path!r} as a PyTorch state dict '
                               f'({type(error).__name__}: {error}); expected {expected}.'
                               ) from error
    if not isinstance(state, dict):
        raise WeightsFileError(f'{argument}: {path!r} holds a {type(state).__name__}, not a '
                               f'state dict; expected {expected}.')
    others = sorted(k for k, v in state.items() if not torch.is_tensor(v))
    if others:
        raise WeightsFileError(f'{argument}: {path!r} is not a plain state dict: entries '
                               f'{_few(others)} are not tensors (a training checkpoint? save '
                               f'its model state dict alone); expected {expected}.')
    return state


def load_exactly(module, state, path, expected):
    """Load ``state`` into ``module`` (built on the meta device or not), requiring the same keys
    and shapes; return the module on the CPU, frozen and in eval mode.

    Every tensor of ``module`` must be in its state dict (no non-persistent buffers): the module
    is re-allocated empty before the file's values are copied in.
    """
    wanted, given = set(module.state_dict()), set(state)
    missing, unexpected = sorted(wanted - given), sorted(given - wanted)
    if missing or unexpected:
        raise WeightsFileError(f'{path!r} does not fit {type(module).__name__}: missing keys '
                               f'{_few(missing)}, unexpected keys {_few(unexpected)}; expected '
                               f'{expected}.')
    module = module.to_empty(device='cpu')
    try:
        module.load_state_dict(state, strict=True)
    except RuntimeError as error:  # same names, other shapes
        raise WeightsFileError(f'{path!r} has the right keys but other shapes: {error}; '
                               f'expected {expected}.') from error
    return module.eval().requires_grad_(False)


def _few(keys, shown=4):
    more = f' and {len(keys) - shown} more' if len(keys) > shown else ''
    return f'{keys[:shown]}{more}'


def _is_torchscript(path):
    """TorchScript archives are zip files with a ``constants.pkl`` record; state dicts have none."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(name.endswith('/constants.pkl') for name in archive.namelist())
