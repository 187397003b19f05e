"""Switches a config's optimizer wrappers to bfloat16 mixed precision (``tools/train.py --amp``)."""
PLAIN_WRAPPER = 'OptimWrapper'
MIXED_WRAPPER = 'MixedPrecisionOptimWrapper'


def enable_mixed_precision(cfg):
    """Make every optimizer wrapper of ``cfg.optim_wrapper`` a :class:`MixedPrecisionOptimWrapper`.

    Handles a single wrapper config and ``MultiNetOptimWrapperConstructor``'s ``default`` plus
    any per-net override that sets its own type. Fails loudly on a wrapper type it cannot
    switch, rather than silently training in full precision.
    """
    optim_wrapper = cfg.optim_wrapper
    if 'default' in optim_wrapper:
        _switch(optim_wrapper['default'])
        for key, value in optim_wrapper.items():
            if key != 'default' and isinstance(value, dict) and 'type' in value:
                _switch(value)
    else:
        _switch(optim_wrapper)
    return cfg


def _switch(wrapper):
    kind = wrapper.get('type', PLAIN_WRAPPER)
    if kind not in (PLAIN_WRAPPER, MIXED_WRAPPER):
        raise ValueError(f'--amp cannot switch optimizer wrapper type {kind!r} to mixed precision; '
                         f"use '{PLAIN_WRAPPER}' or '{MIXED_WRAPPER}'")
    wrapper['type'] = MIXED_WRAPPER
