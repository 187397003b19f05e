"""ValidationLoop: the same random draws at every validation, none taken from training, and no
val data loaded before the first validation."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.evaluator import BaseMetric, Evaluator
from mmengine.runner import Runner

from i2itools.engine.loops import ValidationLoop


class DrawnCodes(BaseMetric):
    """Keeps every output; its result is how many it got."""

    def process(self, data_batch, data_samples):
        self.results.extend(data_samples)

    def compute_metrics(self, results):
        self.drawn = [sample['z'] for sample in results]
        return dict(count=len(results))


class NoisyModel(torch.nn.Module):
    """Draws a latent code per input, as a random-z test branch does."""

    def val_step(self, batch):
        return [{'z': torch.randn(3)} for _ in batch]


def _runner():
    return SimpleNamespace(model=NoisyModel(), build_dataloader=Runner.build_dataloader,
                           seed=0, _randomness_cfg={}, call_hook=lambda *a, **k: None,
                           visualizer=SimpleNamespace())


def _loader(dataset):
    return dict(batch_size=2, dataset=dataset, sampler=dict(type='DefaultSampler', shuffle=False),
                collate_fn=dict(type='default_collate'))


def test_every_validation_draws_the_same_codes_and_leaves_training_draws_alone():
    metric = DrawnCodes()
    loop = ValidationLoop(_runner(), _loader(list(range(4))), Evaluator([metric]), seed=3)
    runs = []
    for _ in range(2):
        torch.randn(5)  # training draws between validations
        before = torch.get_rng_state()
        loop.run()
        assert torch.equal(torch.get_rng_state(), before)
        runs.append(torch.stack(metric.drawn))
    assert torch.equal(runs[0], runs[1])
    assert not torch.equal(runs[0][0], runs[0][1])  # still a draw per input


def test_val_data_is_built_at_the_first_validation_not_before():
    loop = ValidationLoop(_runner(), _loader(dict(type='NoSuchDataset')), Evaluator([]))
    with pytest.raises(KeyError, match='NoSuchDataset'):
        loop.run()
