"""How many training pairs one core decodes and augments per second: the rate of one loader
worker (single-threaded, as torch's workers are), from which a machine's loading rate follows."""
import time

import torch
from mmengine.registry import init_default_scope

from i2itools.datasets.image_reader import read_stored
from i2itools.registry import DATASETS


def benchmark_data(cfg, samples=200, warmup=10):
    """Items per second of ``cfg``'s training dataset, made in this process with one thread:
    ``items_per_s`` (read, decoded, split, resized, cropped, flipped), ``decode_per_s`` (reading
    and decoding the files alone, when the dataset lists them in ``paths``) and the size of an
    item's A image."""
    init_default_scope(cfg.get('default_scope', 'i2itools'))
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        for index in range(warmup):
            item = dataset[index % len(dataset)]
        items_per_s = samples / _seconds(lambda index: dataset[index % len(dataset)], samples)
        paths = getattr(dataset, 'paths', None)
        decode_per_s = (samples / _seconds(lambda index: read_stored(paths[index % len(paths)]),
                                           samples) if paths else None)
    finally:
        torch.set_num_threads(threads)
    return dict(items_per_s=items_per_s, decode_per_s=decode_per_s,
                image_size=tuple(item['A'].shape), dataset=len(dataset))


def _seconds(load, count):
    start = time.perf_counter()
    for index in range(count):
        load(index)
    return time.perf_counter() - start
