"""Process-wide CPU settings a config can choose (``flush_denormal``, ``threads``,
``reuse_freed_memory``)."""
import ctypes
import platform

import torch

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: the largest threshold glibc accepts for serving a block by mmap on 64-bit systems
MAX_MMAP_THRESHOLD = 32 * 1024 * 1024
#: free memory at the top of the heap kept up to this size (mallopt takes a C int)
TRIM_THRESHOLD = 2 ** 31 - 1


def apply_cpu_settings(cfg):
    """Flush denormal floats to zero on the CPU unless ``cfg.flush_denormal`` is False, use
    ``cfg.threads`` intra-op threads when it is set (``--threads``), and keep freed memory for
    reuse unless ``cfg.reuse_freed_memory`` is False.

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
    if cfg.get('reuse_freed_memory', True):
        reuse_freed_memory()


def reuse_freed_memory():
    """Make glibc's malloc keep freed blocks of up to 32 MiB for the next allocations; return
    whether it could (False where the C library is not glibc, and nothing changes).

    torch allocates a CPU tensor's memory with malloc, which serves large blocks from fresh
    pages (mmap) and gives them back when freed: every iteration's large temporaries (weights
    cast to bfloat16, activations, gradients) then land on new pages, which the kernel zeroes at
    their first touch. Kept in the heap, they are reused as they are: the same results, CPU
    steps 1.12-1.40x faster (float32) and 1.14-1.19x (bfloat16) on the 2-core machine measured
    (docs/performance.md), for memory that stays with the process until it ends. The setting
    is process-wide and cannot be undone.
    """
    if platform.system() != 'Linux' or platform.libc_ver()[0] != 'glibc':
        return False
    mallopt = ctypes.CDLL(None).mallopt
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MAX_MMAP_THRESHOLD)
                and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
