"""The ways a network may halve or double its feature maps: strided or anti-aliased."""

#: halving: a stride-2 conv ('strided'), or a stride-1 conv then a BlurDownsample ('antialiased')
DOWNSAMPLINGS = ('strided', 'antialiased')
#: doubling: a stride-2 transposed conv ('transposed'), or a BlurUpsample then a conv ('antialiased')
UPSAMPLINGS = ('transposed', 'antialiased')


def check_resampling(value, choices, argument, net):
    """Raise a ValueError naming ``net``'s ``argument`` and its choices unless ``value`` is one."""
    if value not in choices:
        raise ValueError(f"{net}: unknown {argument} {value!r}; expected one of "
                         f"{', '.join(choices)}")
