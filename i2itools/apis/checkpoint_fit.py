"""Checks, before a run writes anything, that the checkpoint it resumes or starts from fits the
networks of its config (mmengine finds out only after the work dir was written to, and then
with an ``AssertionError`` about its optimizer wrappers)."""
from i2itools.engine.checkpoint_files import read_checkpoint
from i2itools.utils.cli_errors import STATE_DICT_ERROR, state_dict_mismatch
from .checkpoint_loading import CheckpointMismatchError
from .model_building import build_model_shapes


def check_checkpoint_fits(cfg, path, option, resume, model=None):
    """Raise :class:`CheckpointMismatchError` (or the reading error) unless ``path`` fits the
    model of ``cfg`` (``model``: that model from :func:`build_model_shapes`, if built already);
    ``option`` ('--resume', '--load-from') names it in the message.

    To resume, the checkpoint must hold every weight of the model, of the same shapes, and an
    optimizer state for each net the model trains. To start from (``resume=False``), it may
    leave whole nets out (a published file has no discriminators; they start from their
    initial weights), but every net it holds must fit completely.
    """
    state = read_checkpoint(path, mmap=True)
    weights = state.get('state_dict') if isinstance(state, dict) else None
    if not isinstance(weights, dict):
        raise CheckpointMismatchError(f'{option} {path}: not an i2itools checkpoint (it holds no '
                                      'state_dict); pass an iter_N.pth of a run or a published '
                                      'file')
    model = model if model is not None else build_model_shapes(cfg)
    if not resume:
        held = {key.split('.', 1)[0] for key in weights}
        weights = {**{k: v for k, v in model.state_dict().items()
                      if k.split('.', 1)[0] not in held}, **weights}
    try:
        model.load_state_dict(weights, strict=True, assign=True)
    except RuntimeError as error:
        if not str(error).startswith(STATE_DICT_ERROR):
            raise
        raise CheckpointMismatchError(f'{option} {path}: {state_dict_mismatch(str(error))}') \
            from None
    if resume:
        _check_optimizers(model, state.get('optimizer'), path)


def _check_optimizers(model, optimizer, path):
    trained = [name for name in model.net_names
               if any(True for _ in getattr(model, name).parameters())]
    saved = list(optimizer) if isinstance(optimizer, dict) else []
    if sorted(saved) != sorted(trained):
        raise CheckpointMismatchError(
            f'--resume {path}: it holds the optimizer states of {", ".join(saved) or "no net"} '
            f'but this config trains {", ".join(trained)}; resume with the config the run was '
            'trained with (a copy is in its work dir), or start from its weights with '
            '--load-from')
