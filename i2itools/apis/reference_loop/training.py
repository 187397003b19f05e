"""The reference ``train.py`` loop over i2itools' networks, losses and datasets."""
import json
import os
import os.path as osp
import random
import time

import numpy as np
import torch

from i2itools.apis.model_building import build_model
from i2itools.registry import DATASETS
from .data import reference_dataloader, to_unit_range
from .families import reference_steps
from .schedule import reference_schedulers


def reference_adam(cfg):
    """``make_optimizer``: Adam with the config's lr and betas (reference ``--lr``, ``--beta1``)."""
    optimizer = dict(cfg.optim_wrapper.default.optimizer)
    others = set(cfg.optim_wrapper) - {'constructor', 'default'}
    if optimizer.pop('type') != 'Adam' or others:
        raise ValueError('the reference loop trains every net with Adam; the config sets '
                         f'{cfg.optim_wrapper}')
    return lambda params: torch.optim.Adam(params, **optimizer)


def train_reference_loop(cfg, work_dir, seed, n_epochs, n_epochs_decay, num_workers=None,
                         device='cpu', log_interval=100, step='reference'):
    """Train ``cfg``'s model the reference way; write ``latest_net_<name>.pth`` and ``run.json``.

    Seeds Python, numpy and torch with ``seed``, builds the nets in the config's order (the
    reference's), then for every epoch: the scheduler step (at the start for pix2pix and
    CycleGAN, at the end for BicycleGAN) and a pass over a shuffled torch DataLoader of the
    config's training dataset, one ``optimize_parameters`` per batch (``step='i2itools'``:
    the model's own ``train_step`` instead). Returns the run record.
    """
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    os.makedirs(work_dir, exist_ok=True)
    model = build_model(cfg, device)
    model.train()
    loader_cfg = cfg.train_dataloader
    steps = reference_steps(model, reference_adam(cfg), loader_cfg.batch_size, step)
    schedulers = reference_schedulers(steps.optimizers.values(), n_epochs, n_epochs_decay)
    workers = loader_cfg.get('num_workers', 0) if num_workers is None else num_workers
    loader = reference_dataloader(DATASETS.build(loader_cfg.dataset), loader_cfg.batch_size,
                                  workers)
    start = time.time()
    with open(osp.join(work_dir, 'reference_loop.log'), 'w') as log:
        iterations, last_epoch = run_epochs(steps, schedulers, loader, n_epochs + n_epochs_decay,
                                            device, log, log_interval)
    for name in model.net_names:
        torch.save(getattr(model, name).state_dict(), osp.join(work_dir, f'latest_net_{name}.pth'))
    record = dict(seed=seed, step=step, iterations=iterations,
                  seconds=round(time.time() - start, 1), n_epochs=n_epochs,
                  n_epochs_decay=n_epochs_decay,
                  last_epoch_mean_losses=last_epoch)
    with open(osp.join(work_dir, 'run.json'), 'w') as f:
        json.dump(record, f, indent=2)
    return record


def run_epochs(steps, schedulers, loader, num_epochs, device='cpu', log=None, log_interval=100):
    """The reference ``train.py`` epochs: the scheduler step at the start or end of each epoch
    (``steps.step_lr_at``), one ``optimize_parameters`` per batch that ``steps.is_train``.
    Returns the iterations run and the mean of each loss over the last epoch."""
    iteration, last_epoch = 0, {}
    for epoch in range(1, num_epochs + 1):
        if steps.step_lr_at == 'start':
            _step(schedulers)
        sums, count = {}, 0
        for batch in loader:
            if not steps.is_train(len(batch['A'])):
                continue
            losses = steps.optimize_parameters(to_unit_range(batch['A']).to(device),
                                               to_unit_range(batch['B']).to(device))
            losses = {name: float(value.detach()) for name, value in losses.items()}
            iteration += 1
            count += 1
            for name, value in losses.items():
                sums[name] = sums.get(name, 0.0) + value
            if log is not None and iteration % log_interval == 0:
                text = ' '.join(f'{k}: {v:.4f}' for k, v in losses.items())
                log.write(f'epoch {epoch} iter {iteration} lr {schedulers[0].get_last_lr()[0]:.4e} '
                          f'{text}\n')
                log.flush()
        last_epoch = {name: total / max(count, 1) for name, total in sums.items()}
        if steps.step_lr_at == 'end':
            _step(schedulers)
    return iteration, last_epoch


def _step(schedulers):
    for scheduler in schedulers:
        scheduler.step()
