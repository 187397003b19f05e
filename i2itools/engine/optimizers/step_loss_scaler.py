"""One float16 loss scale for the nets a single backward pass trains (e.g. G and E)."""
import torch


class StepLossScaler(torch.amp.GradScaler):
    """A ``GradScaler`` shared by the optimizer wrappers of one training step.

    The loss of a step is scaled and back-propagated once, so every net of the step has
    gradients multiplied by the same scale; each wrapper then unscales and steps its own
    optimizer with this scaler. The scale may only change once all of them have stepped (as
    ``GradScaler`` does for several optimizers), so :meth:`update` takes effect on the call of the
    last wrapper of the step and is a no-op before.

    Args:
        optimizers_per_step: how many wrappers step per update.
        device, **kwargs: ``torch.amp.GradScaler`` arguments.
    """

    def __init__(self, optimizers_per_step, device='cpu', **kwargs):
        super().__init__(device, **kwargs)
        self.optimizers_per_step = optimizers_per_step
        self._stepped = 0

    @classmethod
    def like(cls, scaler, optimizers_per_step, device):
        """A shared scaler with the settings of an existing ``GradScaler``."""
        return cls(optimizers_per_step, device, init_scale=scaler.get_scale(),
                   growth_factor=scaler.get_growth_factor(),
                   backoff_factor=scaler.get_backoff_factor(),
                   growth_interval=scaler.get_growth_interval(), enabled=scaler.is_enabled())

    def step(self, optimizer, *args, **kwargs):
        self._stepped += 1
        return super().step(optimizer, *args, **kwargs)

    def update(self, new_scale=None):
        if self._stepped < self.optimizers_per_step:
            return
        self._stepped = 0
        super().update(new_scale)
