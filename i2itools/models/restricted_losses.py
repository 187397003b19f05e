"""Configs written before ``frozen`` existed: a loss's ``updates=(nets)`` becomes frozen nets."""
import warnings

from .tensor_graph import upstream_nets


def freeze_for_restricted_losses(branches, adversarial, losses):
    """``losses`` without ``updates``; each ``updates`` rewritten as ``frozen`` nets of branches.

    Older configs (and the configs inside older checkpoints) restricted a loss to some nets with
    ``updates=('G',)``, which took a second backward pass. The same gradients come from running
    the other nets frozen in the branches that make the loss's inputs — when those branches feed
    nothing else, so freezing them changes no other term. That rewrite is made here, with a
    warning giving the config line to write instead; where it would change other terms, a
    ``ValueError`` says so.
    """
    restricted = {name: cfg for name, cfg in losses.items() if cfg.get('updates') is not None}
    losses = {name: {k: v for k, v in cfg.items() if k != 'updates'} for name, cfg in losses.items()}
    for name, cfg in restricted.items():
        allowed = set(cfg['updates'])
        to_freeze = [(branch_name, net) for branch_name, net
                     in upstream_nets(branches, cfg['inputs'].values()) if net not in allowed]
        for branch_name, net in to_freeze:
            readers = _readers(branch_name, branches, adversarial, losses)
            if readers - {f'loss {name!r}'}:
                raise ValueError(
                    f'losses.{name}.updates={tuple(cfg["updates"])}: {net} runs in branch '
                    f'{branch_name!r}, whose outputs also feed {sorted(readers)}; freezing it there '
                    f'would change those too. Give loss {name!r} its own branch with '
                    f"frozen=('{net}',) and drop updates")
            branch = branches[branch_name]
            branch.frozen = tuple(dict.fromkeys((*branch.frozen, net)))
        now = ', '.join(f'branches.{b}.frozen={branches[b].frozen}'
                        for b in dict.fromkeys(b for b, _ in to_freeze)) or 'the frozen nets already set'
        warnings.warn(f'losses.{name}.updates={tuple(cfg["updates"])} is read as {now} (each step '
                      'is one backward pass now); drop updates and write frozen in the config',
                      FutureWarning)
    return losses


def _readers(branch_name, branches, adversarial, losses):
    """Names of the terms and losses that read the outputs of ``branch_name``, directly or through
    later branches."""
    readers, todo, seen = set(), list(branches[branch_name].provides), set()
    while todo:
        tensor = todo.pop()
        if tensor in seen:
            continue
        seen.add(tensor)
        todo += [t for branch in branches.values() if tensor in branch.requires
                 for t in branch.provides]
        readers |= {f'adversarial {n!r}' for n, term in adversarial.items()
                    if tensor in term.requires}
        readers |= {f'loss {n!r}' for n, cfg in losses.items() if tensor in cfg['inputs'].values()}
    return readers
