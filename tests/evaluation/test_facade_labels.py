"""The FCN-score analogue's functions with known answers: the renderer's pictures are read back
exactly, the data's noisy pictures almost so, and blank, constant and half-swapped pictures
score what their pixels say."""
import numpy as np
import pytest

from i2itools.datasets.synthetic.facade_classes import CLASS_INDEX, render_facade
from i2itools.datasets.synthetic.synth_facades import synth_facade_pair
from i2itools.evaluation.functional.facade_labels import (NUM_CLASSES, confusion_matrix,
                                                          label_scores, recover_classes)

SKY, WALL = CLASS_INDEX['sky'], CLASS_INDEX['wall']


def _class_map(size, index=0, split='test'):
    return synth_facade_pair(0, split, index, size)[2]


def _scores(class_map, picture):
    return label_scores(confusion_matrix(class_map, recover_classes(picture)))


@pytest.mark.parametrize('size', [32, 64, 96, 128])
def test_the_renderers_pictures_are_read_back_exactly(size):
    for index in range(3):
        class_map = _class_map(size, index)
        assert np.array_equal(recover_classes(render_facade(class_map)), class_map)


def test_the_datas_noisy_pictures_are_read_back_almost_exactly():
    # the noise moves a few pixels where cornice and pillar colours nearly meet (docs/metrics.md)
    confusion = sum(confusion_matrix(classes, recover_classes(picture))
                    for _, picture, classes in (synth_facade_pair(0, 'test', i, 96)
                                                for i in range(8)))
    scores = label_scores(confusion)
    assert scores['pixel_acc'] > 0.995 and scores['class_IoU'] > 0.95


@pytest.mark.parametrize('cls', [SKY, WALL])
def test_a_constant_picture_of_one_class_scores_that_class_share(cls):
    class_map = _class_map(64)
    truth = render_facade(class_map)
    colour = truth[class_map == cls][0]  # a colour the renderer paints for that class
    share = np.mean(class_map == cls)
    present = len(np.unique(class_map))
    scores = _scores(class_map, np.broadcast_to(colour, truth.shape))
    assert scores['pixel_acc'] == pytest.approx(share)
    assert scores['class_acc'] == pytest.approx(1 / present)
    # that class: IoU = its share; every other present class: no hit, IoU 0
    assert scores['class_IoU'] == pytest.approx(share / present)


def test_a_blank_sky_picture_scores_the_background_share():
    class_map = _class_map(64)
    blank = render_facade(np.full_like(class_map, SKY))
    assert _scores(class_map, blank)['pixel_acc'] == pytest.approx(np.mean(class_map == SKY))


def test_a_half_swapped_picture_scores_the_overlap_of_the_swapped_labels():
    class_map = _class_map(64, index=1)
    swapped = np.roll(class_map, 32, axis=1)  # left and right halves exchanged
    scores = _scores(class_map, np.roll(render_facade(class_map), 32, axis=1))
    present = np.unique(np.r_[class_map.ravel(), swapped.ravel()])
    accuracy = [np.sum((class_map == c) & (swapped == c)) / np.sum(class_map == c)
                for c in np.unique(class_map)]
    iou = [np.sum((class_map == c) & (swapped == c)) / np.sum((class_map == c) | (swapped == c))
           for c in present]
    assert 0.2 < np.mean(class_map == swapped) < 0.9  # neither trivial nor perfect
    assert scores['pixel_acc'] == pytest.approx(np.mean(class_map == swapped))
    assert scores['class_acc'] == pytest.approx(np.mean(accuracy))
    assert scores['class_IoU'] == pytest.approx(np.mean(iou))


def test_scores_of_a_small_confusion_worked_by_hand():
    true, recovered = np.array([[0, 0, 1, 1]]), np.array([[0, 1, 1, 1]])
    confusion = confusion_matrix(true, recovered)
    assert confusion.shape == (NUM_CLASSES, NUM_CLASSES)
    assert confusion[0, 0] == 1 and confusion[0, 1] == 1 and confusion[1, 1] == 2
    # class 0: 1 of 2 right, IoU 1 / 2; class 1: 2 of 2 right, IoU 2 / 3
    assert label_scores(confusion) == pytest.approx(
        dict(pixel_acc=0.75, class_acc=0.75, class_IoU=(1 / 2 + 2 / 3) / 2))


def test_misshapen_input_is_refused_with_its_shape():
    with pytest.raises(ValueError, match=r'square H x W x 3 .*\(32, 48, 3\)'):
        recover_classes(np.zeros((32, 48, 3), np.uint8))
    with pytest.raises(ValueError, match='empty confusion matrix'):
        label_scores(np.zeros((NUM_CLASSES, NUM_CLASSES)))
