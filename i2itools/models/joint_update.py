"""One backward pass for the nets of a step, then each net's optimizer step, through the wrappers."""


def update_together(wrappers, loss):
    """Back-propagate ``loss`` once and step every wrapper, as ``update_params`` does for one.

    The first wrapper scales the loss (gradient accumulation's ``1 / accumulative_counts``) and
    back-propagates it (a float16 wrapper multiplies it by its loss scale first). The wrappers of
    one step share that scale and their accumulation counts (``MultiNetOptimWrapperConstructor``
    makes them share one loss scaler and refuses steps whose wrappers disagree), so the single
    backward is theirs too: each counts it, and when the accumulation window is full every
    wrapper steps (unscaling, clipping, skipping on inf as it is configured) and clears its
    gradients.
    """
    lead, *others = wrappers
    lead.backward(lead.scale_loss(loss))
    for wrapper in others:
        # the bookkeeping OptimWrapper.backward does after back-propagating: the backward above
        # computed these nets' gradients too
        wrapper._inner_count += 1
    if not lead.should_update():
        return
    for wrapper in wrappers:
        wrapper.step()
    for wrapper in wrappers:
        wrapper.zero_grad()
