"""What the reference models' steps share: ``set_requires_grad`` and reading a config's parts."""


def set_requires_grad(nets, requires_grad):
    """The reference ``BaseModel.set_requires_grad``."""
    for net in nets:
        for param in net.parameters():
            param.requires_grad = requires_grad


def require_parts(model, family, adversarial, losses):
    """Refuse a model whose objective is not ``family``'s reference one (named terms and
    losses); the loop mirrors the reference code, which has no other objective."""
    missing = ([f'adversarial.{n}' for n in adversarial if n not in model.adversarial]
               + [f'losses.{n}' for n in losses if n not in model.losses])
    extra = ([f'adversarial.{n}' for n in model.adversarial if n not in adversarial]
             + [f'losses.{n}' for n in model.losses if n not in losses])
    if missing or extra:
        raise ValueError(f'the reference loop trains the {family} objective, which has '
                         f'adversarial {list(adversarial)} and losses {list(losses)}; this config '
                         f'lacks {missing} and adds {extra}. Compare a config of that shape')


def loss_weight(model, name):
    """The weight of loss ``name`` (the reference's lambda)."""
    return model.losses[name].loss_weight
