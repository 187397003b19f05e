"""Change the training data pipeline part-way through a run: CUT's "no resize-crop while the
learning rate decays" (load size = crop size), or any other schedule of augmentations."""
from mmengine.hooks import Hook
from mmengine.logging import print_log

from i2itools.datasets.transforms import PairedPipeline
from i2itools.registry import HOOKS


@HOOKS.register_module()
class PipelineSwitchHook(Hook):
    """From iteration ``round(at * max_iters)`` on, the training dataset transforms its images
    with ``pipeline`` instead of its own.

    With ``at`` equal to ``LinearDecayLR``'s ``decay_start`` (and ``max_iters`` a whole number
    of epochs), the switch falls on the first iteration of the first decaying epoch, where the
    CUT reference stops resizing and cropping (its dataset sees ``current_epoch > n_epochs``).

    The switch is exact and resumable: the dataset's ``pipeline`` is replaced and the loader is
    restarted at the same data position (new worker processes copy the changed dataset), which
    draws no random numbers; a run resumed after the switch applies the pipeline before its
    first batch. It needs ``ExactResumeTrainLoop`` (whose data iterator can restart in place)
    and a dataset with a ``pipeline`` (``AlignedDataset``, ``UnalignedDataset``, ...).

    Args:
        pipeline (Sequence[dict | callable]): the transforms from the switch on, as a dataset's
            ``pipeline``.
        at (float): the fraction of ``train_cfg.max_iters`` after which to switch, in [0, 1].
    """

    priority = 'NORMAL'

    def __init__(self, pipeline, at=0.5):
        if not 0 <= at <= 1:
            raise ValueError(f'PipelineSwitchHook: at is a fraction of max_iters in [0, 1], '
                             f'got {at!r}')
        PairedPipeline(pipeline)  # a bad transform fails when the config is built, not hours in
        self.pipeline = list(pipeline)
        self.at = at

    def before_train(self, runner):
        batches = getattr(runner.train_loop, 'dataloader_iterator', None)
        if not hasattr(batches, 'reload'):
            raise TypeError("PipelineSwitchHook needs train_cfg.type='ExactResumeTrainLoop', whose "
                            'data iterator can restart with the new pipeline in place')
        if not hasattr(runner.train_loop.dataloader.dataset, 'pipeline'):
            raise TypeError(f'PipelineSwitchHook: the training dataset '
                            f'{type(runner.train_loop.dataloader.dataset).__name__} has no '
                            'pipeline to switch')
        if runner.iter >= self._switch_iteration(runner):  # resumed after the switch
            self._switch(runner, next_iteration=runner.iter + 1)

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        # runner.iter counts from 0 here: the iteration just finished
        if runner.iter + 1 == self._switch_iteration(runner):
            self._switch(runner, next_iteration=runner.iter + 2)

    def _switch_iteration(self, runner):
        return round(self.at * runner.max_iters)

    def _switch(self, runner, next_iteration):
        loop = runner.train_loop
        loop.dataloader.dataset.pipeline = PairedPipeline(self.pipeline)
        loop.dataloader_iterator.reload()
        print_log(f'from iteration {next_iteration} on, the training data pipeline is '
                  f'{loop.dataloader.dataset.pipeline!r}', logger='current')
