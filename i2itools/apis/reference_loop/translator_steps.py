"""i2itools' own training step inside the reference loop: tells a difference of the step from a
difference of the loop around it (data, sampler, random streams, schedule, hooks)."""
from mmengine.optim import OptimWrapper, OptimWrapperDict


class TranslatorSteps:
    """``Translator.train_step`` with one plain ``OptimWrapper`` per net, stepping the lr and
    skipping batches as ``reference`` (the family's reference steps class) does."""

    def __init__(self, model, make_optimizer, batch_size, reference):
        self.model = model
        self.step_lr_at = reference.step_lr_at
        self.batch_size = batch_size
        self.skips_short_batch = getattr(reference, 'skips_short_batch', False)
        names = model.generator_names + model.discriminator_names
        self.optimizers = {n: make_optimizer(getattr(model, n).parameters()) for n in names}
        self.wrappers = OptimWrapperDict(**{n: OptimWrapper(o) for n, o in self.optimizers.items()})

    def is_train(self, batch_size):
        return batch_size == self.batch_size or not self.skips_short_batch

    def optimize_parameters(self, real_A, real_B):
        # float images are taken as already in [-1, 1] by the data preprocessor
        return self.model.train_step(dict(A=real_A, B=real_B), self.wrappers)
