"""An iteration-based train loop whose resumed run continues exactly like an uninterrupted one."""
import logging

from mmengine.dist import all_gather_object, get_rank, get_world_size
from mmengine.logging import print_log
from mmengine.runner import IterBasedTrainLoop

from i2itools.engine.rng_states import capture_rng_states, restore_rng_states
from i2itools.registry import LOOPS
from i2itools.utils.loader_batches import end_workers

from .resumable_batches import ResumableBatches


@LOOPS.register_module()
class ExactResumeTrainLoop(IterBasedTrainLoop):
    """mmengine's ``IterBasedTrainLoop``, resumed at the saved data position and random states.

    On resume mmengine's loop calls ``next(dataloader)`` once per finished iteration: it loads
    and augments every image trained on so far again (hours into a long run), and the random
    numbers of all those augmentations are drawn again, so the resumed run draws different ones.
    This loop instead hands :class:`~i2itools.engine.hooks.TrainStateHook` its
    :meth:`state_dict` (data position and random states) for every checkpoint and, when resumed
    with it, skips the sample indices already trained on without loading them and restores the
    random states just before the next batch is drawn. Each sample's augmentation is seeded by
    (seed, epoch, position) (see :class:`ResumableBatches`), so it is the same after a resume and
    with any number of loader workers.

    Validation runs with the random states of training put aside and restored, so that it
    changes nothing training draws; a checkpoint written during validation (a new best) holds
    the states put aside. The arguments are those of ``IterBasedTrainLoop``.
    """

    def __init__(self, runner, dataloader, max_iters, val_begin=1, val_interval=1000,
                 dynamic_intervals=None):
        super().__init__(runner, dataloader, max_iters, val_begin, val_interval, dynamic_intervals)
        # replaces mmengine's endless iterator, which cannot start part-way through a pass
        self.dataloader_iterator = ResumableBatches(self.dataloader, seed=runner.seed)
        self._resume_state = None
        self._training_rng = None  # the training states while validation runs
        self._rank_rng = None  # every process's states, gathered for the next checkpoint

    def state_dict(self):
        """Where the data stands and the random states: what the next iteration draws from
        (``rng`` this process's, ``rng_ranks`` every process's when :meth:`gather_rank_states`
        was called for this checkpoint)."""
        state = dict(data_position=self.dataloader_iterator.position(), rng=self._own_rng())
        if self._rank_rng is not None:
            state['rng_ranks'], self._rank_rng = self._rank_rng, None
        return state

    def gather_rank_states(self):
        """Collect every process's random states for the next :meth:`state_dict` (called on all
        ranks before a checkpoint, which rank 0 alone writes): each draws its own noise."""
        if get_world_size() > 1:
            self._rank_rng = all_gather_object(self._own_rng())

    def _own_rng(self):
        return self._training_rng or capture_rng_states()

    def load_state_dict(self, state):
        """Continue from ``state`` when the run starts (used only when resuming, iteration > 0)."""
        self._resume_state = state

    def run(self):
        try:
            self.runner.call_hook('before_train')
            self.runner.call_hook('before_train_epoch')
            if self._iter > 0:
                self._restore_position()
            while self._iter < self._max_iters and not self.stop_training:
                self.runner.model.train()
                self.run_iter(next(self.dataloader_iterator))
                self._decide_current_val_interval()
                if self._validation_due():
                    self._validate()
            self.runner.call_hook('after_train_epoch')
            self.runner.call_hook('after_train')
        finally:  # also when training fails inside a process that goes on (a notebook)
            self._stop_loader_workers()
        return self.runner.model

    def _stop_loader_workers(self):
        """End the persistent workers of the training and validation loaders now, not at a
        garbage collection some time later (see :meth:`ResumableBatches.close`)."""
        self.dataloader_iterator.close()
        val_loop = self.runner._val_loop  # built (a loop), or its config, or None
        if hasattr(val_loop, 'dataloader'):
            end_workers(val_loop.dataloader)

    def _validate(self):
        self._training_rng = capture_rng_states()
        try:
            self.runner.val_loop.run()
        finally:
            restore_rng_states(self._training_rng)
            self._training_rng = None

    def _validation_due(self):
        return (self.runner.val_loop is not None and self._iter >= self.val_begin
                and (self._iter % self.val_interval == 0 or self._iter == self._max_iters))

    def _restore_position(self):
        state = self._resume_state
        if state is None:
            print_log(f'the checkpoint holds no train state (data position, random states): '
                      f'skipping {self._iter} batches from the start, with fresh random states, '
                      'so the resumed run will not repeat an uninterrupted one exactly',
                      logger='current', level=logging.WARNING)
            self.dataloader_iterator.seek(epoch=0, batches=self._iter)
            return
        self.dataloader_iterator.seek(**state['data_position'])
        rank, world_size = get_rank(), get_world_size()
        per_rank = state.get('rng_ranks')
        if per_rank is not None and len(per_rank) == world_size:
            restore_rng_states(per_rank[rank])
            return
        restore_rng_states(state['rng'])
        if world_size > 1:
            print_log(f"the checkpoint holds the random states of {len(per_rank or [0])} "
                      f'process(es), this run has {world_size}: every process continues from '
                      "rank 0's states, so their noise (z, dropout) is the same from here on",
                      logger='current', level=logging.WARNING)
