"""The argument checks every built-in generator shares: image size and images per split."""


def check_generator_args(dataset, size, min_size, counts):
    """Raise a ValueError naming ``dataset`` unless ``size`` is an int >= ``min_size`` and every
    count of ``counts`` (split -> images) is an int >= 0; return ``counts``."""
    if not isinstance(size, int) or size < min_size:
        raise ValueError(f'{dataset} size must be an int >= {min_size}, got {size!r}')
    for split, count in counts.items():
        if not isinstance(count, int) or count < 0:
            raise ValueError(f'{dataset} num_{split} must be an int >= 0, got {count!r}')
    return counts
