"""The images a metric reads from one test-step sample, as a batch, with an error that names
the outputs there are when a key is wrong."""


def require_outputs(sample, keys, metric):
    """Raise a KeyError naming the ``keys`` missing from ``sample`` and the outputs it holds."""
    missing = [k for k in keys if k not in sample]
    if missing:
        raise KeyError(f'{metric} needs {missing} in the test outputs, which hold '
                       f"{sorted(sample)}; set its key arguments to output names, or add them "
                       "to the model's test_visuals")


def sample_images(sample, key, metric):
    """``sample[key]`` as (N, C, H, W): N = 1 for one image (C, H, W), N samples otherwise."""
    if key not in sample:
        raise KeyError(f"{metric} reads '{key}', but the test outputs hold {sorted(sample)}; "
                       "set the metric's key arguments to output names, or add the output to "
                       "the model's test_visuals")
    images = sample[key]
    if images.dim() not in (3, 4):
        raise ValueError(f"{metric}: '{key}' must be a (C, H, W) image or (N, C, H, W) samples, "
                         f'got shape {tuple(images.shape)}')
    return images if images.dim() == 4 else images[None]
