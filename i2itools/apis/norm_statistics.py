"""Share one image's normalisation statistics among its tiles.

Instance norm (and batch norm in train mode, the pix2pix test mode) normalises with statistics of
the image it sees; each tile of a large image would get its own and the tiles would differ in tone.
Recording the statistics on the whole image (downscaled, so that it fits) and using them for every
tile makes the tiles agree.
"""
from contextlib import contextmanager

import torch.nn.functional as F
from torch import nn


def per_image_norms(net):
    """The layers of ``net`` that normalise with the statistics of their input."""
    return [m for m in net.modules() if isinstance(m, nn.InstanceNorm2d)
            or (isinstance(m, nn.BatchNorm2d) and (m.training or not m.track_running_stats))]


@contextmanager
def shared_norm_statistics(net, run, probe):
    """Within the block, every per-image norm layer of ``net`` uses the channel means and
    variances it saw when ``run(probe)`` went through it."""
    layers = per_image_norms(net)
    stats = {}

    def record(layer, inputs):
        x = inputs[0].float()
        stats[layer] = (x.mean((0, 2, 3)), x.var((0, 2, 3), unbiased=False))

    def replay(layer, inputs, output):
        mean, var = stats[layer]
        return F.batch_norm(inputs[0], mean.to(inputs[0].dtype), var.to(inputs[0].dtype),
                            layer.weight, layer.bias, False, 0.0, layer.eps)

    handles = [layer.register_forward_pre_hook(record) for layer in layers]
    try:
        run(probe)
    finally:
        for handle in handles:
            handle.remove()
    handles = [layer.register_forward_hook(replay) for layer in layers]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()
