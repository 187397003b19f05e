"""Carries the train loop's data position and random states in every checkpoint."""
from mmengine.hooks import Hook

from i2itools.registry import HOOKS

#: where the state goes in a checkpoint
CHECKPOINT_KEY = 'train_state'


@HOOKS.register_module()
class TrainStateHook(Hook):
    """Writes ``train_loop.state_dict()`` into each checkpoint as ``train_state`` and gives it
    back to the loop when training resumes from that checkpoint.

    With :class:`~i2itools.engine.loops.ExactResumeTrainLoop` this holds the data position and
    the Python, numpy, torch and CUDA random states, which, with the nets, optimizers,
    schedulers and iteration mmengine saves, are everything the next iteration depends on. A
    loop without ``state_dict`` (mmengine's own) is left alone.
    """

    def __init__(self):
        self._loaded = None

    def before_save_checkpoint(self, runner, checkpoint):
        state_dict = getattr(runner.train_loop, 'state_dict', None)
        if state_dict is not None:
            checkpoint[CHECKPOINT_KEY] = state_dict()

    def after_load_checkpoint(self, runner, checkpoint):
        # kept until training starts: the loop may not be built yet, and a test run has none
        self._loaded = checkpoint.get(CHECKPOINT_KEY)

    def before_train(self, runner):
        load_state_dict = getattr(runner.train_loop, 'load_state_dict', None)
        if self._loaded is not None and load_state_dict is not None:
            load_state_dict(self._loaded)
