"""Checkpoint files on disk: safe reading, the newest complete one of a work dir, leftovers."""
import os
import os.path as osp
import pickle
import re

import torch

#: names the checkpoint hook gives its files (``epoch_N.pth`` in epoch-based runs)
CHECKPOINT_NAME = re.compile(r'^(?:iter|epoch)_(\d+)\.pth$')
#: the text file naming the newest checkpoint, written after the checkpoint is complete
POINTER_FILE = 'last_checkpoint'
#: temporary files of atomic writes (``.<name>.<random>``) that a killed process left behind
INTERRUPTED_WRITE = re.compile(r'^\.(?:(?:iter|epoch)_\d+\.pth|last_checkpoint)\.\w+$')


class UnreadableCheckpointError(ValueError):
    """A checkpoint file is cut short, corrupt, or holds objects that safe loading refuses.

    ``reason`` is the short cause, without the advice of the message.
    """

    def __init__(self, path, reason, advice):
        super().__init__(f'{path} {reason}. {advice}')
        self.path, self.reason = path, reason


def read_checkpoint(path, mmap=False):
    """``torch.load(path, weights_only=True)`` onto the CPU, with errors that name the file.

    ``mmap=True`` maps the tensors instead of reading them, to check a large file quickly.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'checkpoint {path} does not exist')
    try:
        return torch.load(path, map_location='cpu', weights_only=True, mmap=mmap)
    except (RuntimeError, EOFError, pickle.UnpicklingError, ValueError) as error:
        text = str(error)
        refused = re.search(r'Unsupported global: GLOBAL (\S+)', text)
        if refused:
            raise UnreadableCheckpointError(
                path, f'holds {refused.group(1)}, which loading with weights_only=True refuses',
                'It was not written by i2itools; load only files from sources you trust.'
            ) from error
        # torch's first sentence says what failed; the rest is generic advice
        cause = re.split(r'\.\s', text.strip(), maxsplit=1)[0].rstrip('.') or type(error).__name__
        raise UnreadableCheckpointError(
            path, f'is not a complete checkpoint ({cause})', 'A crash or a full disk during its '
            'write may have cut it short; use an earlier checkpoint of the run.') from error


def newest_complete_checkpoint(work_dir):
    """``(path, skipped)``: the resumable checkpoint of ``work_dir`` with the highest
    iteration that loads completely (None if there is none), and ``(path, reason)`` for each
    newer one that did not load (``reason`` reads after "which", e.g. "is not a complete
    checkpoint (...)").

    The candidates are the ``iter_N.pth`` files of the folder and the file ``last_checkpoint``
    names (it may lie elsewhere when the checkpoint hook has an ``out_dir``).
    """
    skipped = []
    for path in _candidates(work_dir):
        try:
            state = read_checkpoint(path, mmap=True)
        except UnreadableCheckpointError as error:
            skipped.append((path, error.reason))
            continue
        except FileNotFoundError:
            skipped.append((path, f'does not exist (named by {POINTER_FILE})'))
            continue
        if isinstance(state, dict) and 'meta' in state and 'state_dict' in state:
            return path, skipped
        skipped.append((path, 'holds no training state (meta, state_dict)'))
    return None, skipped


def _candidates(work_dir):
    """Checkpoint paths, highest iteration first."""
    steps = {}
    if osp.isdir(work_dir):
        for name in os.listdir(work_dir):
            found = CHECKPOINT_NAME.match(name)
            if found:
                steps[osp.join(work_dir, name)] = int(found.group(1))
    pointer = osp.join(work_dir, POINTER_FILE)
    if osp.isfile(pointer):
        with open(pointer) as f:
            named = f.read().strip()
        found = CHECKPOINT_NAME.match(osp.basename(named))
        if found and osp.abspath(named) not in map(osp.abspath, steps):
            steps[named] = int(found.group(1))
    return sorted(steps, key=steps.get, reverse=True)


def remove_interrupted_writes(folder):
    """Delete the temporary files of checkpoint writes that a killed process left in ``folder``
    (an interrupted write never touches the checkpoint itself); returns their paths."""
    if not osp.isdir(folder):
        return []
    removed = [osp.join(folder, name) for name in os.listdir(folder)
               if INTERRUPTED_WRITE.match(name)]
    for path in removed:
        os.remove(path)
    return removed
