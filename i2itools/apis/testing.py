"""Translate a config's test split with a checkpoint and write images plus an HTML gallery."""
import os.path as osp

import torch
from mmengine.runner import Runner, set_random_seed
from rich.progress import Progress

from .checkpoint_loading import load_checkpoint
from .gallery import Gallery
from .model_building import build_model


def run_test(cfg, checkpoint, out_dir, num_test=None, eval_mode=False, seed=0, device=None):
    """Write every test translation (or the first ``num_test``) to ``out_dir``; return a summary.

    Networks stay in training mode by default, as in the reference ``test.py`` (batch-norm
    batch statistics, dropout active: the pix2pix paper's test-time noise); ``eval_mode``
    switches to running statistics and no dropout. ``seed`` makes the dropout repeatable.
    """
    set_random_seed(seed)
    model = build_model(cfg, device)
    loaded = load_checkpoint(model, checkpoint)
    model.train(not eval_mode)
    loader = Runner.build_dataloader(cfg.test_dataloader)
    total = len(loader.dataset) if num_test is None else min(num_test, len(loader.dataset))
    gallery = Gallery(out_dir, model.visuals, title=f'{osp.basename(checkpoint)} — test')
    with Progress(transient=True) as progress, torch.no_grad():
        task = progress.add_task('test', total=total)
        for batch in loader:
            for sample in model.test_step(batch):
                if len(gallery.rows) == total:
                    break
                gallery.add(_stem(sample, len(gallery.rows)), sample)
                progress.advance(task)
            if len(gallery.rows) == total:
                break
    return dict(nets=loaded, images=len(gallery.rows), html=gallery.write_html(),
                mode='eval' if eval_mode else 'train')


def _stem(sample, index):
    path = next((v for k, v in sample.items() if k.endswith('_path')), None)
    return osp.splitext(osp.basename(path))[0] if path else f'{index:06d}'
