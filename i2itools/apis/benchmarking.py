"""Times training iterations on synthetic in-memory batches (no data loading involved): the
model's train step, or the reference's plain loop over the same nets, with FLOP counts, CPU time
and memory."""
import resource
import statistics
import time

import torch
from mmengine.optim import build_optim_wrapper
from torch.utils.flop_counter import FlopCounterMode

from .reference_steps import reference_step

#: dense bfloat16 tensor-core peaks (TFLOP/s) of GPUs, by a part of their name, most specific
#: first; ``tools/benchmark.py --peak-tflops`` gives the figure of a GPU not listed
GPU_BF16_PEAK_TFLOPS = (('H100 PCIe', 756.0), ('H100', 989.4), ('H200', 989.4),
                        ('GH200', 989.4), ('A100', 312.0), ('L40S', 362.1), ('L4', 121.0),
                        ('A10G', 70.0), ('A10', 125.0))


def crop_size(cfg, default=256):
    """The training image size of ``cfg``: the last crop or resize of its train pipeline, else
    the size of its built-in data, else ``default``."""
    dataset = cfg.train_dataloader.dataset
    for step in reversed(dataset.get('pipeline', [])):
        if isinstance(step, dict) and step.get('type') in ('RandomCrop', 'Resize'):
            return step['size']
    builtin = dataset.get('builtin')
    return builtin.get('size', default) if isinstance(builtin, dict) else default


def synthetic_batch(cfg, batch_size, size, device):
    """A random uint8 batch of A and B images with the dataset's channel counts."""
    dataset = cfg.train_dataloader.dataset
    return {key: torch.randint(0, 256, (batch_size, dataset.get(channels, 3), size, size),
                               dtype=torch.uint8, device=device)
            for key, channels in (('A', 'in_channels'), ('B', 'out_channels'))}


def benchmark_training(model, cfg, batch_size, size, warmup=10, chunk_iters=50, chunks=5):
    """The model's train step (forward, backward, optimizer steps) on one synthetic batch:
    median ms/iter over ``chunks`` timed chunks after ``warmup`` iterations, images/s, FLOPs
    per iteration, CPU ms/iter, the peak resident memory and, on a GPU, the peak memory."""
    device = next(model.parameters()).device
    batch = synthetic_batch(cfg, batch_size, size, device)
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    return _timed(lambda: model.train_step(batch, optim_wrapper), batch_size, device, warmup,
                  chunk_iters, chunks)


def benchmark_reference_loop(model, cfg, batch_size, size, warmup=10, chunk_iters=50, chunks=5):
    """As :func:`benchmark_training`, for the reference repository's own step over the same
    nets in a plain loop (:mod:`.reference_steps`): the bare network math, float32."""
    device = next(model.parameters()).device
    batch = synthetic_batch(cfg, batch_size, size, device)
    step = reference_step(model)
    model.train()

    def iteration():
        # the reference's data preparation: Normalize(0.5, 0.5) of the loaded images
        step(batch['A'].float() / 127.5 - 1, batch['B'].float() / 127.5 - 1)

    return _timed(iteration, batch_size, device, warmup, chunk_iters, chunks)


def gpu_bf16_peak_tflops(name):
    """The dense bfloat16 peak of the GPU called ``name``, or None when not listed."""
    return next((peak for part, peak in GPU_BF16_PEAK_TFLOPS if part in name), None)


def _timed(iteration, batch_size, device, warmup, chunk_iters, chunks):
    """Wall and CPU time per iteration (CPU time: this process's, all threads, which other
    work on the machine does not inflate), FLOPs, and the peak resident memory before and after
    (its growth over the built model is what training adds: activations, gradients, optimizer
    states)."""
    built_rss = _peak_rss_mib()
    for _ in range(warmup):
        iteration()
    with FlopCounterMode(display=False) as counter:
        iteration()
    if device.type == 'cuda':
        torch.cuda.reset_peak_memory_stats(device)
    times, cpu_times = [], []
    for _ in range(chunks):
        _synchronize(device)
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(chunk_iters):
            iteration()
        _synchronize(device)
        times.append((time.perf_counter() - start) / chunk_iters)
        cpu_times.append((time.process_time() - cpu_start) / chunk_iters)
    ms = statistics.median(times) * 1000
    return dict(ms_per_iter=ms, images_per_s=batch_size * 1000 / ms,
                chunk_ms=[t * 1000 for t in times], flops=counter.get_total_flops(),
                cpu_ms_per_iter=statistics.median(cpu_times) * 1000, built_rss_mib=built_rss,
                peak_rss_mib=_peak_rss_mib(),
                peak_memory=(torch.cuda.max_memory_allocated(device)
                             if device.type == 'cuda' else None))


def _peak_rss_mib():
    """This process's peak resident memory so far, in MiB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _synchronize(device):
    if device.type == 'cuda':
        torch.cuda.synchronize(device)
