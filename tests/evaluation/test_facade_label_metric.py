"""The registered FacadeLabelScore reads test outputs as the functions do: the renderer's
pictures score 1, several samples count once per input with their mean counts, and the
synth_facades configs list it beside PairedFidelity."""
from pathlib import Path

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.evaluator import Evaluator
from mmengine.registry import init_default_scope

from i2itools.datasets.synthetic.facade_classes import CLASS_INDEX, render_facade
from i2itools.datasets.synthetic.synth_facades import synth_facade_pair
from i2itools.evaluation.functional.facade_labels import (confusion_matrix, label_scores,
                                                          recover_classes)

CONFIGS = Path(__file__).resolve().parents[2] / 'configs' / 'pix2pix'
SIZE = 32


def _tensor(image):
    """(H, W, 3) uint8 -> (3, H, W) in [-1, 1], as the data preprocessor makes it."""
    return torch.from_numpy(image).permute(2, 0, 1).float() / 127.5 - 1


def _outputs(fake):
    """Test outputs of three test pairs, with ``fake(picture, classes)`` as fake_B."""
    outputs = []
    for index in range(3):
        labels, picture, classes = synth_facade_pair(0, 'test', index, SIZE)
        outputs.append(dict(A=_tensor(labels), B=_tensor(picture),
                            fake_B=fake(picture, classes), A_path=f'{index}.png'))
    return outputs


def _evaluate(outputs):
    init_default_scope('i2itools')  # the metric is found by its registered name
    evaluator = Evaluator([dict(type='FacadeLabelScore', source='A', pred='fake_B')])
    evaluator.process(outputs)
    return evaluator.evaluate(len(outputs))


def test_the_renderers_pictures_score_one():
    scores = _evaluate(_outputs(lambda picture, classes: _tensor(render_facade(classes))))
    assert scores == dict(label_pixel_acc=1.0, label_class_acc=1.0, label_class_IoU=1.0)


def test_the_metric_sums_the_counts_of_all_images_as_the_functions_do():
    outputs = _outputs(lambda picture, classes: _tensor(np.roll(picture, SIZE // 2, axis=1)))
    confusion = sum(confusion_matrix(classes, recover_classes(np.roll(picture, SIZE // 2, 1)))
                    for _, picture, classes in (synth_facade_pair(0, 'test', i, SIZE)
                                                for i in range(3)))
    expected = {f'label_{k}': v for k, v in label_scores(confusion).items()}
    assert _evaluate(outputs) == pytest.approx(expected)
    assert expected['label_pixel_acc'] < 0.9


def test_several_samples_count_once_with_their_mean_counts():
    sky = CLASS_INDEX['sky']

    def truth_and_blank(picture, classes):
        return torch.stack([_tensor(render_facade(classes)),
                            _tensor(render_facade(np.full_like(classes, sky)))])

    outputs = _outputs(truth_and_blank)
    classes = [synth_facade_pair(0, 'test', i, SIZE)[2] for i in range(3)]
    sky_share = np.mean([c == sky for c in classes])
    assert _evaluate(outputs)['label_pixel_acc'] == pytest.approx((1 + sky_share) / 2)


def test_a_missing_output_is_named_with_the_fix():
    outputs = [{k: v for k, v in o.items() if k != 'fake_B'}
               for o in _outputs(lambda picture, classes: None)]
    with pytest.raises(KeyError, match=r"needs \['fake_B'\].*test_visuals"):
        _evaluate(outputs)


@pytest.mark.parametrize('config', ['synth_facades.py', 'ablations/_base_small.py'])
def test_the_synth_facades_configs_score_fidelity_and_labels(config):
    metrics = Config.fromfile(str(CONFIGS / config)).test_evaluator.metrics
    assert [m['type'] for m in metrics] == ['PairedFidelity', 'FacadeLabelScore']
