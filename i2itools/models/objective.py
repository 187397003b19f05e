"""A Translator's objective as text: the tensors its branches make, then each step's weighted
terms with the nets each term trains — the paper's loss equations, read off the built model."""
from .tensor_graph import upstream_nets


def describe_objective(model):
    """Lines: the branches in order, then one block per step of ``model.train_order``."""
    lines = ['Tensors made once per iteration:']
    for name, branch in model.branches.items():
        frozen = (f'   [{", ".join(branch.frozen)} frozen: its weights are constants here]'
                  if branch.frozen else '')
        lines.append(f'  {name}: {branch.describe()}{frozen}')
    for phase in model.train_order:
        if phase == 'G':
            lines += _step('G step', model.generator_names, _generator_terms(model))
        elif model.discriminator_names:
            lines += _step('D step', model.discriminator_names, _discriminator_terms(model))
    return '\n'.join(lines)


def trained_nets(model, tensors):
    """The nets, in model order, whose weights a loss on ``tensors`` trains."""
    reached = {net for _, net in upstream_nets(model.branches, tensors)}
    return [net for net in model.generator_names if net in reached]


def _step(title, nets, terms):
    width = max((len(term) for term, _ in terms), default=0)
    return [f'{title} (updates {", ".join(nets)}):',
            *(f'  {term.ljust(width)}  → {", ".join(reached) or "no net"}' for term, reached in terms)]


def _generator_terms(model):
    terms = []
    for term in model.adversarial.values():
        judged = f'{term.discriminator}({_images(term.condition, term.fake)})'
        tensors = [t for t in (term.condition, term.fake) if t is not None]
        terms.append((f'{_weight(term.gan_loss.loss_weight)}·{term.gan_loss.gan_mode}'
                      f'({judged}, real)', trained_nets(model, tensors)))
    for name, loss in model.losses.items():
        inputs = model.loss_inputs[name]
        symbol = getattr(loss, 'symbol', type(loss).__name__.removesuffix('Loss'))
        weight = getattr(loss, 'loss_weight', 1.0)
        terms.append((f'{_weight(weight)}·{symbol}({", ".join(inputs.values())})',
                      trained_nets(model, inputs.values())))
    return terms


def _discriminator_terms(model):
    terms = []
    for term in model.adversarial.values():
        mode, net = term.gan_loss.gan_mode, term.discriminator
        fake = _images(term.condition, term.fake)
        if term.pool is not None:
            fake = f'pool({fake})'
        text = (f'{_weight(term.d_weight)}·[{mode}({net}({_images(term.real_condition, term.real)}), '
                f'real) + {mode}({net}({fake}), fake)]')
        if term.gradient_penalty is not None:
            text += f' + {_weight(term.gradient_penalty.loss_weight)}·gradient penalty'
        terms.append((text, [net]))
    return terms


def _images(condition, images):
    return images if condition is None else f'{condition}, {images}'


def _weight(value):
    return f'{value:g}'
