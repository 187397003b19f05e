"""Times training iterations on synthetic in-memory batches (no data loading involved), and the
CPU time and memory they take."""
import resource
import statistics
import time

import torch
from mmengine.optim import build_optim_wrapper


def crop_size(cfg, default=256):
    """The training image size of ``cfg``: the last crop or resize of its train pipeline, else
    the size of its built-in data, else ``default``."""
    dataset = cfg.train_dataloader.dataset
    for step in reversed(dataset.get('pipeline', [])):
        if isinstance(step, dict) and step.get('type') in ('RandomCrop', 'Resize'):
            return step['size']
    builtin = dataset.get('builtin')
    return builtin.get('size', default) if isinstance(builtin, dict) else default


def benchmark_training(model, cfg, batch_size, size, warmup=10, chunk_iters=50, chunks=5):
    """Median milliseconds per iteration over ``chunks`` timed chunks, after ``warmup`` iterations,
    with the CPU time per iteration and the process's peak resident memory before and after.

    The batch is built once on the model's device with the dataset's channel counts, so the
    figure measures the model's train step only (forward, backward, optimizer steps). CPU time
    (this process's, all threads) is what a quiet machine would spend; wall time grows with
    other work on it. The growth of the peak resident memory over the built model is what
    training adds on the CPU: activations, gradients, optimizer states.
    """
    device = next(model.parameters()).device
    dataset = cfg.train_dataloader.dataset
    batch = {key: torch.randint(0, 256, (batch_size, dataset.get(channels, 3), size, size),
                                dtype=torch.uint8, device=device)
             for key, channels in (('A', 'in_channels'), ('B', 'out_channels'))}
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    built_rss = _peak_rss_mib()
    for _ in range(warmup):
        model.train_step(batch, optim_wrapper)
    times, cpu_times = [], []
    for _ in range(chunks):
        _synchronize(device)
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(chunk_iters):
            model.train_step(batch, optim_wrapper)
        _synchronize(device)
        times.append((time.perf_counter() - start) / chunk_iters)
        cpu_times.append((time.process_time() - cpu_start) / chunk_iters)
    ms = statistics.median(times) * 1000
    return dict(ms_per_iter=ms, images_per_s=batch_size * 1000 / ms,
                chunk_ms=[t * 1000 for t in times],
                cpu_ms_per_iter=statistics.median(cpu_times) * 1000, built_rss_mib=built_rss,
                peak_rss_mib=_peak_rss_mib())


def _peak_rss_mib():
    """This process's peak resident memory so far, in MiB (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _synchronize(device):
    if device.type == 'cuda':
        torch.cuda.synchronize(device)
