"""Helpers shared by the branches that feed a latent code to a generator."""
from mmengine.model import is_model_wrapper


def latent_size(net):
    """The generator's ``nz`` (its latent code width), looking through a DDP wrapper."""
    net = net.module if is_model_wrapper(net) else net
    if not hasattr(net, 'nz'):
        raise TypeError(f'{type(net).__name__} takes no latent code (no `nz`); use a '
                        'z-conditioned generator such as ZUnetGenerator')
    return net.nz
