"""An Adam that remembers the gradients of each step, for tests that compare gradients before
Adam (which magnifies float-order noise on gradients near zero into visible weight changes)."""
import torch


class RecordingAdam(torch.optim.Adam):
    """The reference Adam (lr 2e-4, betas (0.5, 0.999)) keeping a copy of the gradients it was
    given at each step, before stepping (None for a parameter without gradient)."""

    def __init__(self, params):
        super().__init__(params, lr=2e-4, betas=(0.5, 0.999))
        self.grads = []

    def step(self, closure=None):
        self.grads.append([None if p.grad is None else p.grad.clone()
                           for group in self.param_groups for p in group['params']])
        return super().step(closure)
