"""Which reference model's steps train a config: chosen by the config's nets."""
import math

from .bicycle_steps import BicycleGANSteps
from .cyclegan_steps import CycleGANSteps
from .pix2pix_steps import Pix2PixSteps
from .translator_steps import TranslatorSteps

#: the nets of each reference model, in the order the reference builds them
FAMILY_NETS = {('G', 'D'): Pix2PixSteps, ('G_A', 'G_B', 'D_A', 'D_B'): CycleGANSteps,
               ('G', 'D', 'D2', 'E'): BicycleGANSteps}


def steps_class(net_names):
    """The steps class of the reference model whose nets are ``net_names``."""
    for nets, steps in FAMILY_NETS.items():
        if set(net_names) == set(nets):
            return steps
    raise ValueError(f'the reference loop knows pix2pix, CycleGAN and BicycleGAN, whose nets are '
                     f'{[list(n) for n in FAMILY_NETS]}; this model has {list(net_names)}')


def reference_steps(model, make_optimizer, batch_size, step='reference'):
    """The reference ``optimize_parameters`` of the model's family, over its nets; with
    ``step='i2itools'`` the model's own ``train_step`` in its place."""
    steps = steps_class(model.net_names)
    if step == 'i2itools':
        return TranslatorSteps(model, make_optimizer, batch_size, steps)
    if step != 'reference':
        raise ValueError(f"step must be 'reference' or 'i2itools', got {step!r}")
    if steps is BicycleGANSteps:
        return steps(model, make_optimizer, batch_size)
    return steps(model, make_optimizer)


def iterations_per_epoch(net_names, num_items, batch_size):
    """Batches trained per epoch: all of them, but BicycleGAN skips a smaller last one."""
    if getattr(steps_class(net_names), 'skips_short_batch', False):
        return num_items // batch_size
    return math.ceil(num_items / batch_size)
