"""Skips an optimizer step whose losses or gradients are not finite, deciding on the device:
no host read of a loss and no flag exchanged between processes."""
import torch
from mmengine.dist import get_world_size


def gated_sum(losses):
    """The sum of ``losses`` and whether they are all finite (a 0-dim bool tensor, not read).

    The sum is multiplied by 1 when they are finite and by NaN when not: bit for bit the same
    loss and gradients in the first case, NaN gradients in the nets of the step in the second,
    so that every process of a distributed run (whose gradients DDP averages) and every backward
    pass of an accumulation window sees the NaN.
    """
    values = list(losses.values())
    finite = torch.isfinite(torch.stack([value.detach().float() for value in values])).all()
    gate = torch.where(finite, 1.0, float('nan'))
    return sum(values) * gate, finite


def skip_flag(wrappers, finite):
    """A 0-dim float tensor, 1 when the step of ``wrappers`` must be skipped (not read here).

    A single process that steps after every backward pass decides from its own losses
    (``finite``). Otherwise the gradients decide: they carry the NaN of any process and of any
    backward pass of the accumulation window, so all processes agree without exchanging a flag.
    """
    if get_world_size() == 1 and all(w._accumulative_counts == 1 for w in wrappers):
        return (~finite).float()
    grads = [param.grad for wrapper in wrappers for group in wrapper.optimizer.param_groups
             for param in group['params'] if param.grad is not None]
    found = (~finite).float()
    if grads:
        # sets ``found`` to 1 on a NaN or inf; multiplying by 1 leaves the gradients as they are
        torch._amp_foreach_non_finite_check_and_unscale_(grads, found, torch.ones_like(found))
    return found


def step_unless(wrapper, skip):
    """``wrapper.step()`` unless ``skip`` (a 0-dim tensor: 1 skips).

    Optimizers that take torch's ``found_inf`` (``fused=True`` Adam, AdamW, SGD) skip inside
    their kernel, with no host read; a wrapper with a float16 loss scaler lets the scaler find
    the NaN gradients (``gated_sum`` makes sure there are some). Other optimizers read the flag:
    free on a CPU, one synchronisation on a GPU.
    """
    optimizer = wrapper.optimizer
    if getattr(wrapper, 'loss_scaler', None) is not None:
        wrapper.step()
    elif getattr(optimizer, '_step_supports_amp_scaling', False):
        optimizer.grad_scale, optimizer.found_inf = None, skip
        try:
            wrapper.step()
        finally:
            del optimizer.grad_scale, optimizer.found_inf
    elif not skip:
        wrapper.step()
