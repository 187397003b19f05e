"""A validation loop that loads its data only when first run and draws the same noise each time."""
import random

import numpy as np
import torch
from mmengine.runner import ValLoop

from i2itools.engine.rng_states import preserved_rng_states
from i2itools.registry import LOOPS


@LOOPS.register_module()
class ValidationLoop(ValLoop):
    """mmengine's ``ValLoop`` (the same arguments, plus ``seed``), with two differences.

    - Its dataloader and evaluator are built at the first validation, not when training starts:
      a run that ends before ``train_cfg.val_begin`` (a short test of a long config, which
      replaces the training data but not the validation data) never loads the val split.
    - Every validation runs with the random generators seeded with ``seed`` and restored
      afterwards: the latent codes and dropout noise are the same at every validation (so the
      scores and sample grids of two iterations compare the nets, not the draws), and training
      draws the same numbers as if no validation had run.

    The nets run in eval mode (running statistics, no dropout), as in mmengine's loop.
    """

    def __init__(self, runner, dataloader, evaluator, fp16=False, seed=0):
        self._runner = runner
        self._unbuilt = (dataloader, evaluator, fp16)
        self.seed = seed

    def run(self):
        if self._unbuilt is not None:
            # what ValLoop.__init__ does (build the dataloader and evaluator), done when first needed
            super().__init__(self._runner, *self._unbuilt)
            self._unbuilt = None
        with preserved_rng_states():
            random.seed(self.seed)
            np.random.seed(self.seed)
            torch.manual_seed(self.seed)
            return super().run()
