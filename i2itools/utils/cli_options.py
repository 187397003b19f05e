"""Command-line options checked where they are parsed: one ``error:`` line naming the option.

Every tool builds its parser with :class:`ToolArgumentParser` and gives counts and devices the
types below, so that ``--num-test 0`` or ``--device cuda`` on a machine without a GPU is refused
before any work, in the same one-line form as the errors of :mod:`i2itools.utils.cli_errors`.
"""
import argparse

#: exit status of a command line that does not parse (argparse's own)
USAGE_STATUS = 2


class ToolArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line, ``error: <what> (--help lists the
    options)``, exit status 2, instead of the usage text followed by the error."""

    def error(self, message):
        self.exit(USAGE_STATUS, f'error: {message} (--help lists the options)\n')


def _whole_number(text):
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'{text!r} is not a whole number') from None


def positive_int(text):
    """An argparse type: a whole number of at least 1."""
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be at least 1, got {value}')
    return value


def non_negative_int(text):
    """An argparse type: a whole number of at least 0."""
    value = _whole_number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f'must be 0 or more, got {value}')
    return value


def key_value(text):
    """An argparse type: a ``KEY=VALUE`` config override (``--cfg-options``)."""
    if '=' not in text or text.startswith('='):
        raise argparse.ArgumentTypeError(f'{text!r}: each item is KEY=VALUE, e.g. '
                                         'train_cfg.max_iters=20 (lists: KEY=[a,b])')
    return text


def device_name(text):
    """An argparse type: a torch device that exists on this machine ('cpu', 'cuda', 'cuda:1')."""
    import torch  # here, so that parsing the other options stays fast
    try:
        device = torch.device(text)
    except RuntimeError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a device: use cpu, cuda or cuda:N") \
            from None
    if device.type == 'cuda':
        count = torch.cuda.device_count()
        if count == 0:
            raise argparse.ArgumentTypeError(
                f"'{text}': torch finds no CUDA device on this machine (no GPU, no driver, or a "
                'torch built without CUDA); use --device cpu, or leave --device out')
        if device.index is not None and device.index >= count:
            raise argparse.ArgumentTypeError(
                f"'{text}': this machine has {count} CUDA device(s), cuda:0 to "
                f'cuda:{count - 1}')
    elif device.type == 'mps' and not torch.backends.mps.is_available():
        raise argparse.ArgumentTypeError(f"'{text}': MPS is not available on this machine; use "
                                         '--device cpu')
    return text
