"""One backward pass for the nets of a step, then each net's optimizer step, through the wrappers."""
from .nonfinite_skip import gated_sum, skip_flag, step_unless


def update_together(wrappers, losses):
    """Back-propagate the sum of ``losses`` once and step every wrapper, as ``update_params``
    does for one, unless a loss or gradient is not finite.

    The first wrapper scales the loss (gradient accumulation's ``1 / accumulative_counts``) and
    back-propagates it (a float16 wrapper multiplies it by its loss scale first). The wrappers of
    one step share that scale and their accumulation counts (``MultiNetOptimWrapperConstructor``
    makes them share one loss scaler and refuses steps whose wrappers disagree), so the single
    backward is theirs too: each counts it, and when the accumulation window is full every
    wrapper steps (unscaling, clipping as it is configured) and clears its gradients.

    A NaN or infinite loss never reaches the weights: the step of all the wrappers is skipped,
    decided on the device (:mod:`.nonfinite_skip`), and the gradients are cleared.
    """
    total, finite = gated_sum(losses)
    lead, *others = wrappers
    lead.backward(lead.scale_loss(total))
    for wrapper in others:
        # the bookkeeping OptimWrapper.backward does after back-propagating: the backward above
        # computed these nets' gradients too
        wrapper._inner_count += 1
    if not lead.should_update():
        return
    skip = skip_flag(wrappers, finite)
    for wrapper in wrappers:
        step_unless(wrapper, skip)
    for wrapper in wrappers:
        wrapper.zero_grad()
