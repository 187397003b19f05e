"""Weight initialisation of the reference implementations."""
from torch import nn

_WEIGHT_INITS = {
    'normal': lambda w, gain: nn.init.normal_(w, 0.0, gain),
    'xavier': lambda w, gain: nn.init.xavier_normal_(w, gain=gain),
    # the reference ignores the gain for kaiming
    'kaiming': lambda w, gain: nn.init.kaiming_normal_(w, a=0, mode='fan_in'),
    'orthogonal': lambda w, gain: nn.init.orthogonal_(w, gain=gain),
}


def init_weights(net, init_type='normal', init_gain=0.02):
    """Initialise ``net`` in place as the reference does, and return it.

    Conv, transposed-conv and linear weights follow ``init_type`` and their biases are zeroed;
    batch-norm weights are drawn from N(1, init_gain) and their biases zeroed. Modules are visited
    in the reference's order (``net.apply``), so one seed gives the reference's weights on CPU.

    Args:
        net (nn.Module): the network to initialise.
        init_type (str): 'normal', 'xavier', 'kaiming' or 'orthogonal'.
        init_gain (float): standard deviation for 'normal', gain for 'xavier' and 'orthogonal'.
    """
    if init_type not in _WEIGHT_INITS:
        raise ValueError(f"Unknown init_type '{init_type}'; expected one of "
                         f"{', '.join(_WEIGHT_INITS)}.")
    init_weight = _WEIGHT_INITS[init_type]

    def init_module(module):
        if isinstance(module, (nn.modules.conv._ConvNd, nn.Linear)):
            init_weight(module.weight, init_gain)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.BatchNorm2d):
            nn.init.normal_(module.weight, 1.0, init_gain)
            nn.init.zeros_(module.bias)

    net.apply(init_module)
    return net
