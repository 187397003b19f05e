"""Run under torch.distributed.run (2 CPU processes, gloo): tiny pix2pix with its nets DDP-wrapped,
3 iterations, a loss that is NaN on rank 1 alone at the second; with fused Adam (every host read
of a tensor refused inside the training step) and with the reference's Adam. Saves each rank's
G parameters after every iteration. Usage: ``ddp_nan_steps.py OUT_DIR``."""
import contextlib
import sys
from pathlib import Path

import torch
import torch.distributed as dist
from mmengine.optim import build_optim_wrapper
from mmengine.registry import MODEL_WRAPPERS
from torch import nn

from ddp_family_steps import family_config, global_batch
from host_reads import host_reads_refused
from i2itools.apis import build_model
from i2itools.registry import MODELS

NAN_ITERATION = 1


@MODELS.register_module()
class NanOnRankOneLoss(nn.Module):
    """0 · mean(pred), NaN · mean(pred) on rank 1 while ``nan`` is set."""

    nan = False

    def forward(self, pred):
        bad = NanOnRankOneLoss.nan and dist.get_rank() == 1
        return pred.mean() * (float('nan') if bad else 0.0)


def train(fused, rank):
    cfg, batch = family_config('pix2pix')
    cfg.model.losses.probe = dict(type='NanOnRankOneLoss', inputs=dict(pred='fake_B'))
    cfg.optim_wrapper.default.optimizer.fused = fused
    torch.manual_seed(0)
    model = MODEL_WRAPPERS.build(dict(cfg.model_wrapper_cfg, module=build_model(cfg, 'cpu'),
                                      device_ids=None))
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    weights = []
    for iteration in range(3):
        torch.manual_seed(100 * iteration + rank)
        images = {k: v[rank * batch:(rank + 1) * batch]
                  for k, v in global_batch(iteration, 2 * batch).items()}
        NanOnRankOneLoss.nan = iteration == NAN_ITERATION
        with host_reads_refused() if fused else contextlib.nullcontext():
            model.train_step(images, optim_wrapper)
        weights.append([p.detach().clone() for p in model.module.G.parameters()])
    return weights


def main(out):
    dist.init_process_group('gloo')
    rank = dist.get_rank()
    for fused in (True, False):
        torch.save(train(fused, rank), Path(out) / f"{'fused' if fused else 'plain'}_rank{rank}.pt")
    dist.destroy_process_group()


if __name__ == '__main__':
    main(sys.argv[1])
