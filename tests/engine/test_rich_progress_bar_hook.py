"""Plain progress lines (no terminal) show the latest losses read, and say which iteration they
are of when it is not the one the line reports."""
from types import SimpleNamespace

from i2itools.engine.hooks.rich_progress_bar_hook import RichProgressBarHook


class LineLogger:
    def __init__(self):
        self.lines = []

    def info(self, line):
        self.lines.append(line)


def test_losses_of_an_earlier_iteration_name_it_and_current_ones_do_not():
    runner = SimpleNamespace(iter=0, max_iters=4, logger=LineLogger())
    hook = RichProgressBarHook(loss_digits=2, plain_lines=4)
    hook.before_train(runner)
    reads = {1: {'loss_GAN_G': 2.0, 'loss_L1': 7.955}, 4: {'loss_GAN_G': 0.5, 'loss_L1': 1.0}}
    for iteration in range(1, 5):
        if iteration in reads:  # DeferredRuntimeInfoHook's read comes first in an iteration
            hook.after_losses_read(runner, [(iteration, reads[iteration])])
        hook.after_train_iter(runner, iteration - 1)
        runner.iter = iteration
    first, second, third, last = runner.logger.lines
    assert first.endswith('  GAN_G 2.00  L1 7.96') and 'iter 1' not in first
    assert second.endswith('  iter 1: GAN_G 2.00  L1 7.96') and third.startswith('progress 3/4')
    assert last.endswith('  GAN_G 0.50  L1 1.00') and 'iter' not in last.split('eta')[1]
