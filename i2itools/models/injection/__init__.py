"""Ways of feeding the latent code z into a U-Net; importing this package registers them.

An injection part has one method, ``build(in_channels, out_channels, nz, num_downs, base_channels,
norm, nonlinearity, use_dropout, upsample)``, returning the U-Net block tree (an ``nn.Module``
with ``forward(x, z)``) that :class:`~i2itools.models.generators.ZUnetGenerator` holds as its
``model``. A plugin adds a new mode by registering a class with that method.
"""
from .all_injection import AllInjection, AllInjectionBlock
from .input_injection import InputInjection, InputInjectionBlock

#: the short names ZUnetGenerator accepts for the built-in injections (the reference's where_add)
INJECTIONS = {'input': 'InputInjection', 'all': 'AllInjection'}

__all__ = ['AllInjection', 'AllInjectionBlock', 'INJECTIONS', 'InputInjection',
           'InputInjectionBlock']
