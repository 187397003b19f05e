"""Which nets a tensor is computed through, from what the branches declare (nothing is run)."""


def upstream_nets(branches, tensors):
    """``(branch name, net)`` pairs for every net the ``tensors`` are computed through and whose
    weights they depend on (not frozen in that branch), following the branches back to the batch."""
    producers = {tensor: name for name, branch in branches.items() for tensor in branch.provides}
    found, todo, seen = [], list(tensors), set()
    while todo:
        tensor = todo.pop(0)
        if tensor in seen or tensor not in producers:
            continue
        seen.add(tensor)
        branch = branches[producers[tensor]]
        nets, inputs = branch.sources(tensor)
        found += [(producers[tensor], net) for net in nets if net not in branch.frozen]
        todo += inputs
    return list(dict.fromkeys(found))


def in_dependency_order(branches):
    """The branches (name -> branch) reordered so that each runs after the branches making the
    tensors it reads; otherwise in the given order.

    A config written out by mmengine (a work dir's copy, an older checkpoint's ``meta['cfg']``)
    has its dict keys sorted, so the order of ``branches`` alone cannot be trusted to put
    BicycleGAN's batch split before the branches that read the halves. A branch reading a
    tensor that no branch makes is left for the name check to report.
    """
    makers = {tensor: name for name, branch in branches.items() for tensor in branch.provides}
    waiting, ordered = dict(branches), {}
    while waiting:
        ready = next((name for name, branch in waiting.items()
                      if all(makers.get(t) in (None, *ordered) or makers[t] == name
                             for t in branch.requires)), None)
        if ready is None:
            raise ValueError(f'branches {sorted(waiting)} read each other\'s outputs in a cycle')
        ordered[ready] = waiting.pop(ready)
    return ordered
