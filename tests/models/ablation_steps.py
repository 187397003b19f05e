"""What the pix2pix and CycleGAN ablation tests share: a config's model and optimizers, built
as the trainer builds them, and a tiny random batch."""
from pathlib import Path

import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper

from i2itools.apis import build_model

REPO = Path(__file__).resolve().parents[2]


def model_and_optimizers(config):
    """The config's Translator on the CPU and its optimizer wrappers, one per trainable net."""
    cfg = Config.fromfile(str(config))
    model = build_model(cfg, 'cpu')
    return model, build_optim_wrapper(model, cfg.optim_wrapper)


def random_batch(size, seed, batch=1):
    """A batch of random uint8 A and B images of ``size`` px, as a dataloader gives."""
    gen = torch.Generator().manual_seed(seed)
    return {k: torch.randint(0, 256, (batch, 3, size, size), dtype=torch.uint8, generator=gen)
            for k in ('A', 'B')}
