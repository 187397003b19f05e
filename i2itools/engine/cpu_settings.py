"""Process-wide CPU settings a config can choose (``flush_denormal``, ``threads``)."""
import torch


def apply_cpu_settings(cfg):
    """Flush denormal floats to zero on the CPU unless ``cfg.flush_denormal`` is False, and use
    ``cfg.threads`` intra-op threads when it is set (``--threads``).

    The reference inits (normal / xavier with gain 0.02) make activations and gradients tiny
    enough to become denormal; x86 CPUs compute on those up to 10-100x slower (measured here:
    the BicycleGAN demo step went from ~1.5 s to ~0.15 s). Values below 1e-38 becoming 0 changes
    nothing a GAN can see. GPUs are not affected either way.

    torch starts one thread per core; two runs side by side then ask for twice the cores and
    slow each other down many times (threads waiting for each other): give each run
    ``threads = cores / runs``.
    """
    torch.set_flush_denormal(bool(cfg.get('flush_denormal', True)))
    threads = cfg.get('threads')
    if threads is not None:
        if not isinstance(threads, int) or threads < 1:
            raise ValueError(f'threads must be a whole number of at least 1, got {threads!r}')
        torch.set_num_threads(threads)
