"""ImagePool follows CycleGAN's history rule draw for draw, and checkpoints carry its contents."""
import io
import random

import pytest
import torch
from torch import nn

from i2itools.models.image_pool import ImagePool
from i2itools.registry import MODELS


def _batch(start, size=2):
    """Images whose every pixel holds its index, so a returned image names where it came from."""
    ids = torch.arange(start, start + size, dtype=torch.float32)
    return ids.view(-1, 1, 1, 1).expand(-1, 3, 2, 2).clone()


def _ids(images):
    return [int(i) for i in images[:, 0, 0, 0]]


class _ReferencePool:
    """The rule of pytorch-CycleGAN-and-pix2pix's ImagePool.query, on plain python lists."""

    def __init__(self, size):
        self.size, self.images = size, []

    def query(self, images):
        returned = []
        for image in images:
            if len(self.images) < self.size:
                self.images.append(image)
                returned.append(image)
            elif random.uniform(0, 1) > 0.5:
                slot = random.randint(0, self.size - 1)
                returned.append(self.images[slot])
                self.images[slot] = image
            else:
                returned.append(image)
        return torch.stack(returned)


def test_size_zero_returns_the_very_same_tensor():
    images = _batch(0)
    assert ImagePool(0)(images) is images


def test_while_filling_the_inputs_are_returned_and_stored():
    pool = ImagePool(5)
    state = random.getstate()
    assert _ids(pool(_batch(0, 2))) == [0, 1]
    assert _ids(pool(_batch(2, 3))) == [2, 3, 4]
    assert random.getstate() == state   # filling draws no random numbers, as in the reference
    assert int(pool.num_images) == 5
    assert _ids(pool.images) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize('seed', [0, 1, 2])
def test_full_pool_matches_the_reference_rule_under_the_same_seed(seed):
    pool, reference = ImagePool(4), _ReferencePool(4)
    batches = [_batch(start, 3) for start in range(0, 30, 3)]   # overflows inside the 2nd batch
    random.seed(seed)
    got = [_ids(pool(b)) for b in batches]
    random.seed(seed)
    expected = [_ids(reference.query(b)) for b in batches]
    assert got == expected
    assert _ids(pool.images) == _ids(torch.stack(reference.images))


def test_full_pool_returns_each_image_or_one_it_stored_and_keeps_the_new_one():
    pool = ImagePool(4)
    pool(_batch(0, 4))
    random.seed(3)
    swaps = 0
    for new in range(4, 40):   # one image per call, so "stored before" is the pool seen before
        before = _ids(pool.images)
        [returned] = _ids(pool(_batch(new, 1)))
        after = _ids(pool.images)
        if returned == new:
            assert after == before
        else:   # a swap: the older image comes out, the new one takes its slot
            swaps += 1
            assert returned in before
            assert after == [new if i == returned else i for i in before]
    assert 0 < swaps < 36   # both sides of the coin were taken


def test_returned_swap_is_a_copy_not_a_view_of_the_pool():
    pool = ImagePool(1)
    pool(_batch(0, 1))
    random.seed(0)
    for _ in range(50):   # draw until the coin swaps (the pool keeps image 0 until then)
        out = pool(_batch(7, 1))
        if _ids(out) != [7]:
            break
    # Had the stored image been returned as a view, storing 7 in its slot would have changed it.
    assert _ids(out) == [0] and _ids(pool.images) == [7]


def test_pool_detaches_its_outputs():
    pool = ImagePool(2)
    images = _batch(0, 3).requires_grad_(True)
    random.seed(0)
    out = pool(images * 2)
    assert not out.requires_grad and not pool.images.requires_grad


def _filled(size=4, count=3):
    pool = ImagePool(size)
    pool(_batch(10, count))
    return pool


def test_state_dict_round_trip_restores_contents_and_count():
    source = _filled()
    state = source.state_dict()
    fresh = ImagePool(4)   # has never seen an image: its buffer has no shape yet
    fresh.load_state_dict(state)
    assert int(fresh.num_images) == 3
    assert torch.equal(fresh.images, source.images)
    assert fresh.images.shape == (4, 3, 2, 2)


def test_restored_pool_continues_exactly_like_the_original():
    source = _filled()
    fresh = ImagePool(4)
    fresh.load_state_dict(source.state_dict())
    batches = [_batch(s, 2) for s in range(20, 40, 2)]
    random.seed(5)
    a = [_ids(source(b)) for b in batches]
    random.seed(5)
    b = [_ids(fresh(b)) for b in batches]
    assert a == b and torch.equal(source.images, fresh.images)


def test_pool_contents_survive_a_saved_checkpoint_of_the_owning_model():
    owner = nn.Module()
    owner.pool = _filled()
    buffer = io.BytesIO()
    torch.save(owner.state_dict(), buffer)
    assert {'pool.images', 'pool.num_images'} <= set(owner.state_dict())
    restored = nn.Module()
    restored.pool = ImagePool(4)
    buffer.seek(0)
    restored.load_state_dict(torch.load(buffer))
    assert int(restored.pool.num_images) == 3
    assert torch.equal(restored.pool.images, owner.pool.images)


def test_state_dict_of_an_empty_pool_loads_into_a_fresh_one():
    fresh = ImagePool(4)
    fresh.load_state_dict(ImagePool(4).state_dict())
    assert int(fresh.num_images) == 0
    assert _ids(fresh(_batch(0, 2))) == [0, 1]


def test_image_pool_is_registered_under_its_class_name():
    pool = MODELS.build(dict(type='ImagePool', pool_size=7))
    assert isinstance(pool, ImagePool) and pool.pool_size == 7
