"""Process-wide CPU settings a config can choose (``flush_denormal``, ``threads``)."""
import torch


def apply_cpu_settings(cfg):
    """Flush denormal floats to zero on the CPU unless ``cfg.flush_denormal`` is False, and use
    ``cfg.threads`` intra-op threads when it is set (``--threads``).

    x86 CPUs compute on denormals (below 1.2e-38) 10-100x slower. The reference never flushes
    them; in the BicycleGAN nets none arises (counted for issue 23), so runs with and without
    flushing are bit-identical and equally fast: a guard for other nets that costs nothing.
    GPUs are not affected either way.

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
