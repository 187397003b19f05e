"""Writes the model's objective into the training log once, when training starts."""
from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper

from i2itools.registry import HOOKS


@HOOKS.register_module()
class ObjectiveLogHook(Hook):
    """Logs ``model.objective()``: the tensors the branches make, each step's weighted terms and
    the nets each term trains — what the config really optimises, read off the built model."""

    def before_train(self, runner):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        describe = getattr(model, 'objective', None)
        if describe is not None:
            print_log(f'objective:\n{describe()}', logger='current')
