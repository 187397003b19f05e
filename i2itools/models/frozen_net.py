"""A net run with its weights as constants: gradient reaches its inputs, never its parameters."""
import torch
from mmengine.model import is_model_wrapper


class FrozenNet:
    """Calls ``net`` with detached parameters (and its own buffers).

    A branch that runs a net frozen (``frozen=('E',)`` in its config) makes outputs whose
    gradient flows through the net to whatever made its inputs, while the net's own weights
    receive none — BicycleGAN's latent loss ``|E(G(A, z)) - z|`` trains G, not E. Because this
    happens in the forward pass, every loss of a step still goes through one backward pass, so
    DDP's gradient synchronisation and the optimizer wrappers see all of it. The net is called
    unwrapped: no DDP bookkeeping is needed for weights that get no gradient.

    Other attributes (e.g. a generator's ``nz``) are those of the net.
    """

    def __init__(self, net):
        self.net = net.module if is_model_wrapper(net) else net

    def __call__(self, *args, **kwargs):
        constants = {name: param.detach() for name, param in self.net.named_parameters()}
        return torch.func.functional_call(self.net, constants, args, kwargs)

    def __getattr__(self, name):
        if name == 'net':  # not set yet: no recursion into a missing attribute
            raise AttributeError(name)
        return getattr(self.net, name)
