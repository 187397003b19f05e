"""PipelineSwitchHook: from its iteration on the batches come through the new pipeline, in the same
order, with the loader's workers restarted on the changed dataset and no random number drawn;
a run resumed past the switch starts with it."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.dataset import InfiniteSampler
from torch.utils.data import DataLoader, Dataset

from i2itools.datasets.transforms import PairedPipeline
from i2itools.engine.hooks import PipelineSwitchHook
from i2itools.engine.loops import ResumableBatches


class Scaled:
    """A transform that multiplies every image by ``factor``."""

    def __init__(self, factor):
        self.factor = factor

    def __call__(self, images):
        return [image * self.factor for image in images]


class IndexDataset(Dataset):
    """Sample i is the tensor [i] through the dataset's pipeline."""

    def __init__(self, size=6):
        self.size, self.pipeline = size, PairedPipeline([Scaled(1)])

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        return self.pipeline([torch.tensor([float(index)])])[0]


def _runner(num_workers=0, max_iters=8):
    dataset = IndexDataset()
    loader = DataLoader(dataset, batch_size=1, num_workers=num_workers,
                        persistent_workers=num_workers > 0,
                        sampler=InfiniteSampler(dataset, shuffle=True, seed=3))
    loop = SimpleNamespace(dataloader=loader, dataloader_iterator=ResumableBatches(loader))
    return SimpleNamespace(train_loop=loop, iter=0, max_iters=max_iters)


def _train(runner, hook, iterations):
    """What a train loop does around the hook: the values of the batches it trains on."""
    torch.manual_seed(0)
    values = []
    hook.before_train(runner)
    for _ in range(iterations):
        values.append(next(runner.train_loop.dataloader_iterator).item())
        hook.after_train_iter(runner, runner.iter)
        runner.iter += 1
    return values


@pytest.mark.parametrize('num_workers', [0, 1], ids=['in-process', 'persistent-worker'])
def test_batches_after_the_switch_come_through_the_new_pipeline_in_the_same_order(num_workers):
    plain = _train(_runner(), PipelineSwitchHook([Scaled(1)], at=0.0), 8)
    rng = torch.get_rng_state()
    switched = _train(_runner(num_workers), PipelineSwitchHook([Scaled(100)], at=0.5), 8)
    assert switched == plain[:4] + [100 * v for v in plain[4:]]
    assert torch.equal(torch.get_rng_state(), rng)  # the restart drew nothing


def test_a_run_resumed_after_the_switch_starts_with_the_new_pipeline():
    straight = _train(_runner(), PipelineSwitchHook([Scaled(100)], at=0.25), 8)
    runner = _runner()
    runner.iter = 5
    runner.train_loop.dataloader_iterator.seek(epoch=0, batches=5)
    resumed = _train(runner, PipelineSwitchHook([Scaled(100)], at=0.25), 3)
    assert resumed == straight[5:]


def test_the_hook_needs_a_loop_that_can_restart_its_data_and_checks_its_arguments():
    runner = _runner()
    runner.train_loop.dataloader_iterator = iter([])
    with pytest.raises(TypeError, match='ExactResumeTrainLoop'):
        PipelineSwitchHook([Scaled(2)]).before_train(runner)
    with pytest.raises(ValueError, match=r'fraction of max_iters in \[0, 1\]'):
        PipelineSwitchHook([Scaled(2)], at=2000)
    with pytest.raises(TypeError, match='neither a transform config'):
        PipelineSwitchHook([42])
