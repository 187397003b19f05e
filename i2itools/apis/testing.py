"""Translate a config's test split (or a folder) with a checkpoint; write images and a gallery."""
import copy
import os.path as osp
import sys

import torch
from mmengine.evaluator import Evaluator
from mmengine.runner import Runner, set_random_seed

from i2itools.utils.html_pages import text
from i2itools.utils.loader_batches import loader_batches
from i2itools.utils.progress import TaskProgress
from i2itools.utils.visual_labels import role_labels
from i2itools.utils.cli_errors import UserValueError
from .checkpoint_loading import load_checkpoint
from .gallery import Gallery, file_stem
from .model_building import build_model


def run_test(cfg, checkpoint, out_dir, num_test=None, eval_mode=False, seed=0, device=None,
             direction=None, input_dir=None, metrics=True, ema=True):
    """Write every test translation (or the first ``num_test``) to ``out_dir``; return a summary.

    Networks run in the model's ``test_mode``: 'train' for pix2pix and CycleGAN, as their
    reference ``test.py`` (batch-norm batch statistics, dropout active: the pix2pix paper's
    test-time noise), 'eval' for BicycleGAN; ``eval_mode`` forces running statistics and no
    dropout. ``seed`` makes the dropout repeatable.
    ``direction`` runs only that test branch (e.g. 'AtoB' of a CycleGAN); ``input_dir`` reads a
    plain folder of images for it instead of the config's test split.
    With ``metrics``, the config's ``test_evaluator`` metrics score the test split's outputs;
    their results are returned, written to ``out_dir/metrics.json`` and shown on the gallery.
    With ``ema``, nets whose moving averages the checkpoint holds (``NetEMAHook``) run with them.
    """
    if num_test is not None and num_test < 1:
        raise UserValueError(f'num_test={num_test}: translate at least 1 test image, or None for '
                             'all of them')
    set_random_seed(seed)
    model = build_model(cfg, device)
    labels = role_labels(model.test_visuals, translated_inputs(model))
    if direction:
        if direction not in model.test_branches:
            raise UserValueError(f'--direction {direction!r}: this model\'s test branches are '
                                 f'{", ".join(model.test_branches)}; pass one of them')
        model.use_test_branches([direction])
    prefer = [net for branch in model.test_branches.values() for net in branch.nets]
    loaded = load_checkpoint(model, checkpoint, prefer, ema)
    eval_mode = eval_mode or model.test_mode == 'eval'
    model.train(not eval_mode)
    loader = Runner.build_dataloader(_loader_cfg(cfg, model, input_dir))
    total = len(loader.dataset) if num_test is None else min(num_test, len(loader.dataset))
    mode = 'eval' if eval_mode else 'train'
    source = input_dir or _split_name(loader.dataset)
    gallery = Gallery(out_dir, model.test_visuals, title=f'{osp.basename(checkpoint)} — test',
                      labels=labels, intro=f'{total} inputs of <code>{text(source)}</code> '
                      f'translated by <code>{text(checkpoint)}</code> in {mode} mode')
    # the metrics score what the whole test step makes on the test split
    evaluator = _evaluator(cfg, metrics and input_dir is None and direction is None)
    with TaskProgress('test', total) as progress, torch.no_grad(), \
            loader_batches(loader) as batches:
        for batch in batches:
            kept = model.test_step(batch)[:total - len(gallery.rows)]
            for sample in kept:
                gallery.add(file_stem(sample, f'{len(gallery.rows):06d}'), sample)
                progress.advance()
            if evaluator is not None:
                evaluator.process(kept, batch)
            if len(gallery.rows) == total:
                break
    scores = _score(evaluator, len(gallery.rows)) if evaluator is not None else {}
    return dict(nets=loaded, untrained=sorted(set(prefer) - set(loaded)), images=len(gallery.rows),
                html=gallery.write_html(scores), mode=mode, metrics=scores)


def translated_inputs(model):
    """The data keys the model's test branches translate (their ``source``), e.g. {'A'} for
    pix2pix and {'A', 'B'} for CycleGAN: the gallery calls them inputs, other data keys
    ground truth."""
    return {getattr(b, 'source') for b in model.test_branches.values() if hasattr(b, 'source')}


def _split_name(dataset):
    """``data_root/split`` of a dataset, for the page's intro."""
    parts = (getattr(dataset, 'data_root', None), getattr(dataset, 'split', None))
    return '/'.join(str(p) for p in parts if p) or type(dataset).__name__


def _score(evaluator, count):
    """The evaluator's metrics of the ``count`` outputs, saying first what it computes (FID or
    LPIPS over a large split can take a while)."""
    names = ', '.join(type(metric).__name__ for metric in evaluator.metrics)
    print(f'scoring {count} outputs: {names} ...', file=sys.stderr, flush=True)
    return evaluator.evaluate(count)


def _evaluator(cfg, wanted):
    """An Evaluator of the config's ``test_evaluator`` metrics, or None when it has none."""
    metrics = cfg.get('test_evaluator', {}).get('metrics') if wanted else None
    return Evaluator(copy.deepcopy(metrics)) if metrics else None


def _loader_cfg(cfg, model, input_dir):
    """The config's test loader, or one over ``input_dir`` with the test pipeline."""
    loader = copy.deepcopy(cfg.test_dataloader)
    if input_dir is None:
        return loader
    inputs = sorted({key for branch in model.test_branches.values() for key in branch.requires})
    if len(inputs) != 1:
        raise UserValueError(f'--input reads one folder, but the test branches need {inputs}; '
                         'choose one direction with --direction')
    key = inputs[0]
    dataset = loader.dataset
    channels = dataset.get('in_channels' if key == 'A' else 'out_channels', 3)
    loader.dataset = dict(type='SingleDataset', data_root=input_dir, key=key, channels=channels,
                          pipeline=dataset.get('pipeline', []))
    return loader

