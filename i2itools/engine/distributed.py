"""Starts distributed training for mmengine's launchers on GPUs (NCCL) and on CPUs (gloo)."""
import os

import torch
import torch.distributed as dist
from mmengine.dist import init_dist

LAUNCHERS = ('none', 'pytorch', 'slurm', 'mpi')


def init_distributed(cfg, launcher):
    """Initialise the process group for ``launcher`` and adapt ``cfg`` to the device in use.

    mmengine 0.10.7's 'pytorch' launcher calls ``torch.cuda.set_device`` and its DDP wrapper is
    given ``device_ids``; both fail on a machine without a GPU. Here the group is started first
    (so the runner does not start it again): NCCL with the local GPU when there is one, gloo on
    CPU, where the wrapper then gets ``device_ids=None``.
    """
    if launcher not in LAUNCHERS:
        raise ValueError(f'unknown launcher {launcher!r}; choose one of {LAUNCHERS}')
    if launcher == 'none' or dist.is_initialized():
        return
    backend = cfg.get('env_cfg', {}).get('dist_cfg', {}).get('backend', 'nccl')
    if launcher != 'pytorch':
        init_dist(launcher, backend=backend)
        return
    if torch.cuda.is_available():
        torch.cuda.set_device(int(os.environ['LOCAL_RANK']))
    else:
        if cfg.get('sync_bn') is not None:
            raise ValueError("sync_bn needs GPUs (torch's SyncBatchNorm does not run on a CPU); "
                             'remove sync_bn from the config for a CPU run: each process then '
                             "keeps its own batch-norm statistics and checkpoints hold rank 0's")
        backend = 'gloo'
        cfg.model_wrapper_cfg = dict(cfg.get('model_wrapper_cfg') or {}, device_ids=None)
    dist.init_process_group(backend=backend)
