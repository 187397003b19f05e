"""Checkpoint files: errors that name the file, the newest complete checkpoint, leftovers."""
import fractions

import pytest
import torch

from i2itools.engine.checkpoint_files import (UnreadableCheckpointError,
                                              newest_complete_checkpoint, read_checkpoint,
                                              remove_interrupted_writes)


def _checkpoint(path, iteration):
    torch.save(dict(meta=dict(iter=iteration), state_dict=dict(w=torch.ones(4))), path)
    return path


def _cut_short(path):
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def test_a_cut_short_file_is_named_with_the_cause_and_the_fix(tmp_path):
    path = _checkpoint(tmp_path / 'iter_4.pth', 4)
    _cut_short(path)
    with pytest.raises(UnreadableCheckpointError,
                       match=r'iter_4.pth is not a complete checkpoint \(PytorchStreamReader'
                             r'.*use an earlier checkpoint'):
        read_checkpoint(path)


def test_a_file_holding_unsafe_objects_is_refused_not_executed(tmp_path):
    path = tmp_path / 'foreign.pth'
    torch.save(dict(value=fractions.Fraction(1, 3)), path)
    with pytest.raises(UnreadableCheckpointError, match='holds fractions.Fraction, which loading '
                                                        'with weights_only=True refuses'):
        read_checkpoint(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='nowhere.pth does not exist'):
        read_checkpoint(tmp_path / 'nowhere.pth')


def test_newest_complete_checkpoint_skips_newer_unreadable_ones_with_their_reasons(tmp_path):
    for iteration in (2, 4, 10):
        _checkpoint(tmp_path / f'iter_{iteration}.pth', iteration)
    _cut_short(tmp_path / 'iter_10.pth')
    torch.save(dict(w=torch.ones(1)), tmp_path / 'iter_12.pth')  # weights only, no state
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_10.pth'))

    path, skipped = newest_complete_checkpoint(tmp_path)
    assert path == str(tmp_path / 'iter_4.pth')
    assert [(str(p), reason.split(' (')[0]) for p, reason in skipped] == [
        (str(tmp_path / 'iter_12.pth'), 'holds no training state'),
        (str(tmp_path / 'iter_10.pth'), 'is not a complete checkpoint')]


def test_the_checkpoint_last_checkpoint_names_elsewhere_counts(tmp_path):
    elsewhere = tmp_path / 'out'
    elsewhere.mkdir()
    work = tmp_path / 'work'
    work.mkdir()
    _checkpoint(work / 'iter_2.pth', 2)
    (work / 'last_checkpoint').write_text(str(_checkpoint(elsewhere / 'iter_6.pth', 6)))
    assert newest_complete_checkpoint(work) == (str(elsewhere / 'iter_6.pth'), [])


def test_nothing_to_resume_in_an_empty_or_missing_folder(tmp_path):
    assert newest_complete_checkpoint(tmp_path) == (None, [])
    assert newest_complete_checkpoint(tmp_path / 'missing') == (None, [])


def test_only_the_temporary_files_of_interrupted_writes_are_removed(tmp_path):
    names = ['.iter_4.pth.k2j_x9a1', '.last_checkpoint.abcd1234', 'iter_2.pth', '.hidden',
             'last_checkpoint']
    for name in names:
        (tmp_path / name).write_text('x')
    removed = remove_interrupted_writes(tmp_path)
    assert sorted(removed) == sorted(str(tmp_path / name) for name in names[:2])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])
