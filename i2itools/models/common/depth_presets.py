"""Depth arguments that also accept the reference's preset names ('unet_256', 'resnet_128', ...)."""


def resolve_depth(value, presets, what, name, minimum):
    """``value`` as an int: a preset name looked up in ``presets``, checked to be >= ``minimum``.

    Args:
        value (int | str): the depth, or a preset name.
        presets (dict): preset name -> depth.
        what (str): the kind of network, for messages (e.g. 'U-Net').
        name (str): the argument's name, for messages (e.g. 'num_downs').
        minimum (int): the smallest depth the network can be built with.
    """
    if isinstance(value, str):
        if value not in presets:
            raise ValueError(f"Unknown {what} preset '{value}'; expected one of "
                             f"{', '.join(presets)} or an int >= {minimum}.")
        value = presets[value]
    if value < minimum:
        raise ValueError(f'{name} must be >= {minimum}, got {value}.')
    return value
