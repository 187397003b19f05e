"""Checks, when a model is built, every tensor name its branches, adversarial terms and losses use."""
import difflib
import inspect

ADVERSARIAL_FIELDS = ('fake', 'real', 'condition', 'real_condition')


def check_tensor_names(model):
    """Raise ``KeyError`` naming the part, the unknown tensor name and the closest known names
    for every name that is neither one of ``model.data_keys`` nor made by an earlier branch; and
    for loss ``inputs`` that are not arguments of the loss."""
    known = _check_branches('branch', model.branches, model.data_keys)
    _check_branches('test branch', model.test_branches, model.data_keys)
    for name, term in model.adversarial.items():
        for field in ADVERSARIAL_FIELDS:
            tensor = getattr(term, field)
            if tensor is not None:
                _require(tensor, known, f'adversarial {name!r} ({field}=)', model.data_keys)
    for name, loss in model.losses.items():
        inputs = model.loss_inputs[name]
        _check_loss_arguments(name, loss, inputs)
        for arg, tensor in inputs.items():
            _require(tensor, known, f'loss {name!r} (inputs.{arg}=)', model.data_keys)


def _check_branches(kind, branches, data_keys):
    """The tensor names known after ``branches`` run on a batch of ``data_keys``."""
    known = {key: 'the batch' for key in data_keys}
    for name, branch in branches.items():
        for tensor in branch.requires:
            _require(tensor, known, f'{kind} {name!r} ({type(branch).__name__})', data_keys)
        for tensor in branch.provides:
            if tensor in known:
                raise KeyError(f'{kind} {name!r} writes {tensor!r}, which {known[tensor]} already '
                               'holds: give one of them another output name')
            known[tensor] = f'{kind} {name!r}'
    return known


def _require(tensor, known, owner, data_keys):
    if tensor in known:
        return
    close = difflib.get_close_matches(tensor, list(known), n=3, cutoff=0.5)
    hint = f' Did you mean: {", ".join(close)}?' if close else ''
    raise KeyError(f'{owner} reads {tensor!r}, which is neither a data key '
                   f'(model.data_keys={list(data_keys)}) nor made by an earlier branch.{hint} '
                   f'Known tensors: {sorted(known)}')


def _check_loss_arguments(name, loss, inputs):
    parameters = inspect.signature(loss.forward).parameters
    accepted = [p for p, spec in parameters.items()
                if spec.kind in (spec.POSITIONAL_OR_KEYWORD, spec.KEYWORD_ONLY)]
    takes_any = any(spec.kind == spec.VAR_KEYWORD for spec in parameters.values())
    unknown = [arg for arg in inputs if arg not in accepted and not takes_any]
    if unknown:
        close = {arg: difflib.get_close_matches(arg, accepted, n=1) for arg in unknown}
        hints = ', '.join(f'{arg} -> {c[0]}' for arg, c in close.items() if c)
        raise KeyError(f'loss {name!r} ({type(loss).__name__}) has no argument {unknown} in its '
                       f'inputs; its arguments are {accepted}' + (f' (did you mean {hints}?)'
                                                                   if hints else ''))
    missing = [p for p in accepted
               if parameters[p].default is inspect.Parameter.empty and p not in inputs]
    if missing:
        raise KeyError(f'loss {name!r} ({type(loss).__name__}) needs inputs for {missing}: map '
                       f'each to a tensor name, e.g. inputs=dict({missing[0]}=...)')
