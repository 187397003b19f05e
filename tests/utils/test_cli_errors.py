"""run_cli: which errors end in a short message, and the message it makes of each."""
import errno

import pytest
import torch
from mmengine.config import Config
from torch import nn
from torch.utils.data import DataLoader, Dataset

from i2itools.datasets import DatasetError
from i2itools.engine.config_loading import check_top_level_keys
from i2itools.utils.cli_errors import run_cli, user_error_message


def raising(error):
    """A tool's main() that fails with ``error``."""
    def main():
        raise error
    return main


def exit_message(error, monkeypatch, debug=None):
    """What run_cli makes of a main() raising ``error``: the SystemExit's message."""
    if debug is not None:
        monkeypatch.setenv('I2ITOOLS_DEBUG', debug)
    with pytest.raises(SystemExit) as info:
        run_cli(raising(error))
    return info.value.code


def test_user_error_exits_with_its_message_and_the_debug_hint(monkeypatch):
    monkeypatch.delenv('I2ITOOLS_DEBUG', raising=False)
    message = exit_message(DatasetError("'x.png' is 5x4"), monkeypatch)
    assert message == "error: 'x.png' is 5x4 (I2ITOOLS_DEBUG=1 shows the traceback)"


@pytest.mark.parametrize('error', [ZeroDivisionError('division by zero'),
                                   KeyError('G'), OSError(errno.EIO, 'I/O error')])
def test_bugs_keep_their_traceback(error):
    with pytest.raises(type(error)):
        run_cli(raising(error))
    assert user_error_message(error) is None


def test_debug_variable_shows_the_traceback_of_user_errors_too(monkeypatch):
    with pytest.raises(DatasetError):
        exit_message(DatasetError('no images'), monkeypatch, debug='1')


@pytest.mark.parametrize('error', [FileNotFoundError('checkpoint x.pth does not exist'),
                                   PermissionError(errno.EACCES, 'Permission denied', 'w'),
                                   OSError(errno.ENOSPC, 'No space left on device')])
def test_path_and_disk_errors_are_the_users(error):
    assert user_error_message(error) == str(error)


def test_errors_raised_by_config_checks_are_the_users_and_shown_unquoted():
    with pytest.raises(KeyError) as info:
        check_top_level_keys(Config(dict(optim_wraper=dict())), 'x.py')
    assert user_error_message(info.value) == (
        "x.py: top-level key 'optim_wraper' is not read by anything; did you mean "
        "'optim_wrapper'?")


class _BrokenDataset(Dataset):
    def __len__(self):
        return 1

    def __getitem__(self, index):
        raise DatasetError("'a.jpg' is truncated\nreplace it")


def test_error_of_a_dataloader_worker_is_shown_by_its_original_message():
    loader = DataLoader(_BrokenDataset(), num_workers=1)
    with pytest.raises(DatasetError) as info:
        next(iter(loader))
    assert 'DataLoader worker process 0' in str(info.value)  # torch's wrapping, undone:
    assert user_error_message(info.value) == "'a.jpg' is truncated\nreplace it"


def test_config_syntax_error_names_the_file_line_and_text(tmp_path):
    config = tmp_path / 'broken.py'
    config.write_text('a = 1\nb = dict(c=2\n')
    with pytest.raises(SyntaxError) as info:
        Config.fromfile(str(config))
    assert user_error_message(info.value).startswith(
        f"{config}, line 2: '(' was never closed: b = dict(c=2\n")


def test_checkpoint_that_does_not_fit_is_summarised_with_counts_and_examples():
    net = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Conv2d(4, 4, 3))
    state = {'0.weight': torch.zeros(8, 3, 3, 3), '0.bias': torch.zeros(8),
             'extra.weight': torch.zeros(1)}
    with pytest.raises(RuntimeError) as info:
        net.load_state_dict(state)
    message = user_error_message(info.value)
    assert message.startswith('the checkpoint does not fit the networks of this config '
                              '(Sequential): missing keys: 2 (e.g. 1.weight); unexpected keys: 1 '
                              '(e.g. extra.weight); keys of another shape: 2 (e.g. 0.weight is '
                              '[8, 3, 3, 3] in the checkpoint but [4, 3, 3, 3] here).\n')
    assert len(message.splitlines()) == 2
