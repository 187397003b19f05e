"""Times training iterations on synthetic in-memory batches (no data loading involved)."""
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
    """Median milliseconds per iteration over ``chunks`` timed chunks, after ``warmup`` iterations.

    The batch is built once on the model's device with the dataset's channel counts, so the
    figure measures the model's train step only (forward, backward, optimizer steps).
    """
    device = next(model.parameters()).device
    dataset = cfg.train_dataloader.dataset
    batch = {key: torch.randint(0, 256, (batch_size, dataset.get(channels, 3), size, size),
                                dtype=torch.uint8, device=device)
             for key, channels in (('A', 'in_channels'), ('B', 'out_channels'))}
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    model.train()
    for _ in range(warmup):
        model.train_step(batch, optim_wrapper)
    times = []
    for _ in range(chunks):
        _synchronize(device)
        start = time.perf_counter()
        for _ in range(chunk_iters):
            model.train_step(batch, optim_wrapper)
        _synchronize(device)
        times.append((time.perf_counter() - start) / chunk_iters)
    ms = statistics.median(times) * 1000
    return dict(ms_per_iter=ms, images_per_s=batch_size * 1000 / ms, chunk_ms=[t * 1000 for t in times])


def _synchronize(device):
    if device.type == 'cuda':
        torch.cuda.synchronize(device)
