"""The synth_stripes and synth_facades configs' test_evaluator scores a tiny model's test_step
outputs; the generator's saved true targets, put in place of the fakes, score perfectly."""
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner
from PIL import Image

from i2itools.apis import build_model
from i2itools.evaluation.functional.fidelity import l1, psnr, ssim, to_unit_range
from i2itools.registry import EVALUATOR


def evaluate(config_path, edit=lambda output: output):
    """Run the config's test split through its (untrained) model and its test_evaluator; each
    test output passes through ``edit`` first. Returns the scores and the edited outputs."""
    cfg = Config.fromfile(str(config_path))
    model = build_model(cfg, 'cpu')
    evaluator = EVALUATOR.build(cfg.test_evaluator)
    loader = Runner.build_dataloader(cfg.test_dataloader)
    seen = []
    with torch.no_grad():
        for batch in loader:
            outputs = [edit(output) for output in model.test_step(batch)]
            evaluator.process(outputs, batch)
            seen += outputs
    return evaluator.evaluate(len(loader.dataset)), seen


def load_true(path, folder):
    """The generator's saved true counterpart of ``path``, as a model-range tensor."""
    true_path = osp.join(osp.dirname(osp.dirname(path)), folder, osp.basename(path))
    image = np.array(Image.open(true_path).convert('RGB'))
    return torch.from_numpy(image).permute(2, 0, 1).float() / 127.5 - 1


def with_saved_truths(output):
    return {**output, 'fake_B': load_true(output['A_path'], 'testA_true_B'),
            'fake_A': load_true(output['B_path'], 'testB_true_A')}


def test_cyclegan_config_scores_both_directions_of_a_tiny_model(tiny_cyclegan_config):
    scores, outputs = evaluate(tiny_cyclegan_config)
    assert len(outputs) == 3
    assert sorted(scores) == sorted(f'{d}_{k}' for d in ('AtoB', 'BtoA')
                                    for k in ('L1', 'mask_IoU', 'texture'))
    for name, value in scores.items():
        assert 0 < value <= 1 if name.endswith('L1') else 0 <= value <= 1, (name, value)


def test_the_generators_saved_true_targets_score_perfectly(tiny_cyclegan_config):
    scores, _ = evaluate(tiny_cyclegan_config, with_saved_truths)
    for direction in ('AtoB', 'BtoA'):
        assert scores[f'{direction}_L1'] == pytest.approx(0, abs=1e-6)
        assert scores[f'{direction}_mask_IoU'] == 1.0
        assert scores[f'{direction}_texture'] == 1.0


def test_pix2pix_config_scores_a_tiny_model_as_the_functions_do(tiny_config):
    scores, outputs = evaluate(tiny_config)
    pairs = [(to_unit_range(o['fake_B']), to_unit_range(o['B'])) for o in outputs]
    for name, function in (('L1', l1), ('PSNR', psnr), ('SSIM', ssim)):
        expected = np.mean([function(pred, target).item() for pred, target in pairs])
        assert scores[name] == pytest.approx(expected), name
    assert scores['PSNR'] < 100 and scores['SSIM'] < 1


def test_pix2pix_config_gives_the_target_itself_perfect_scores(tiny_config):
    scores, _ = evaluate(tiny_config, lambda output: {**output, 'fake_B': output['B']})
    assert scores == dict(L1=0.0, PSNR=100.0, SSIM=pytest.approx(1.0), label_pixel_acc=1.0,
                          label_class_acc=1.0, label_class_IoU=1.0)
