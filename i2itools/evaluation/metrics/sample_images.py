"""The images a metric reads from one test-step sample, as a batch, with an error that names
the outputs there are when the key is wrong."""


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
