"""What this machine's CPU offers a training run: its model, native bfloat16 arithmetic, and how
many cores are free of other work."""
import os
import platform

import torch


def cpu_model():
    """The CPU's model name (from /proc/cpuinfo on Linux), or what the platform reports."""
    try:
        with open('/proc/cpuinfo') as info:
            for line in info:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or 'unknown CPU'


def native_bfloat16():
    """The instruction set that computes bfloat16 matrix products natively ('AMX-BF16',
    'AVX512-BF16'), or None: without one, bfloat16 autocast emulates and runs slower."""
    cpu = torch.cpu
    if getattr(cpu, '_is_amx_tile_supported', lambda: False)():
        return 'AMX-BF16'
    if getattr(cpu, '_is_avx512_bf16_supported', lambda: False)():
        return 'AVX512-BF16'
    return None


def usable_cores():
    """The cores this process may run on (its CPU affinity)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_average():
    """The 1-minute load average (runnable processes, averaged), 0 where the system has none."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def free_cores():
    """About how many of the usable cores other processes leave free: the usable cores less
    the 1-minute load average (never below 0)."""
    return max(0, usable_cores() - round(load_average()))
