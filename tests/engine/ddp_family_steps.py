"""Run under torch.distributed.run (2 CPU processes, gloo): train tiny copies of every family for
3 iterations with the nets DDP-wrapped as the runner wraps them, and save each rank's
parameters and buffers. Usage: ``ddp_family_steps.py OUT_DIR FAMILY...``."""
import sys
from pathlib import Path

import torch
import torch.distributed as dist
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import MODEL_WRAPPERS

from i2itools.apis import build_model

REPO = Path(__file__).resolve().parents[2]
ITERATIONS = 3
_pix2pix = dict(G=dict(num_downs=5, base_channels=4), D=dict(base_channels=4, num_layers=2))
_cyclegan = dict(G_A=dict(base_channels=4, num_blocks=1), G_B=dict(base_channels=4, num_blocks=1),
                 D_A=dict(base_channels=4, num_layers=2), D_B=dict(base_channels=4, num_layers=2))
_bicycle = dict(G=dict(num_downs=5, base_channels=4), E=dict(num_blocks=2, base_channels=4),
                D=dict(base_channels=4, num_layers=2), D2=dict(base_channels=4, num_layers=2))
_instance_pix2pix = dict(G=dict(_pix2pix['G'], norm='instance', use_dropout=False),
                        D=dict(_pix2pix['D'], norm='instance'))
#: plain SGD for the comparison with one process: Adam turns the float-order noise of gradients
#: that are zero in exact arithmetic (biases right before an instance norm) into full-size steps
_sgd = dict(type='SGD', lr=0.01)
#: family -> (config, tiny nets, images per rank and iteration, optimizer of every net)
FAMILIES = {
    'pix2pix': ('pix2pix/synth_facades.py', _pix2pix, 1, None),
    'cyclegan': ('cyclegan/synth_stripes.py', _cyclegan, 1, None),
    'z8_all': ('bicycle/z8_all.py', _bicycle, 2, None),
    'cvae_gan': ('bicycle/cvae_gan.py', _bicycle, 2, None),
    'clr_gan': ('bicycle/clr_gan.py', _bicycle, 2, None),
    'pix2pix_noise': ('bicycle/pix2pix_noise.py', _bicycle, 2, None),
    'pix2pix_instance_sgd': ('pix2pix/synth_facades.py', _instance_pix2pix, 1, _sgd),
    'cyclegan_sgd': ('cyclegan/synth_stripes.py', _cyclegan, 1, _sgd),
}


def family_config(family):
    """The family's config with tiny nets, and its images per rank and iteration."""
    config, tiny, batch, optimizer = FAMILIES[family]
    cfg = Config.fromfile(str(REPO / 'configs' / config))
    for net, options in tiny.items():
        if cfg.model.nets.get(net) is not None:
            cfg.model.nets[net].update(options)
    if optimizer:
        cfg.optim_wrapper.default.optimizer = optimizer
    return cfg, batch


def global_batch(iteration, size, seed=0):
    """The images of one iteration for all ranks together (rank r takes the r-th slice)."""
    gen = torch.Generator().manual_seed(1000 * seed + iteration)
    return {k: torch.randint(0, 256, (size, 3, 32, 32), dtype=torch.uint8, generator=gen)
            for k in ('A', 'B')}


def state(model):
    """Every parameter and buffer of a model, by name, without DDP's 'module.' prefixes."""
    return {name.replace('.module.', '.'): value.detach().clone()
            for name, value in [*model.named_parameters(), *model.named_buffers()]}


def train(family, rank=0, world_size=2, distributed=True):
    """Parameters, buffers and logs after 3 iterations; a non-distributed run trains on the
    global batch of all ``world_size`` ranks."""
    cfg, batch = family_config(family)
    torch.manual_seed(0)
    model = build_model(cfg, 'cpu')
    if distributed:
        model = MODEL_WRAPPERS.build(dict(cfg.model_wrapper_cfg, module=model, device_ids=None))
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    logs = []
    for iteration in range(ITERATIONS):
        torch.manual_seed(100 * iteration + rank)  # each rank its own noise (z, dropout)
        images = global_batch(iteration, batch * world_size)
        if distributed:
            images = {k: v[rank * batch:(rank + 1) * batch] for k, v in images.items()}
        logs.append({k: float(v) for k, v in model.train_step(images, optim_wrapper).items()})
    return state(model.module if distributed else model), logs


def main(out, families):
    dist.init_process_group('gloo')
    rank = dist.get_rank()
    for family in families:
        params, logs = train(family, rank, dist.get_world_size())
        torch.save(dict(state=params, logs=logs), Path(out) / f'{family}_rank{rank}.pt')
    dist.destroy_process_group()


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])
