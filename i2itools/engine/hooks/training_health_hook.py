"""Checks at each validation that the model is translating, and warns when it is not."""
import json
import os.path as osp
from collections import deque
from dataclasses import asdict

from mmengine.dist import is_main_process, master_only
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.runner import Runner

from i2itools.engine.health_samples import HealthSamples
from i2itools.engine.training_health import (HEALTH_FILE, judgement, judgement_warnings,
                                             translation_warnings)
from i2itools.registry import HOOKS
from i2itools.utils.atomic_write import atomic_write_json


@HOOKS.register_module()
class TrainingHealthHook(Hook):
    """"Is it translating?": at each validation, measures on the validation outputs how far each
    output is from its input, how different the outputs of different inputs are (and the samples
    of one input under different latent codes), and how often each discriminator was right over
    the iterations since the last check (see :mod:`i2itools.engine.training_health`).

    It logs the numbers, warns when the output is (nearly) the input, when every input gives
    (nearly) the same output, when the latent code is ignored, or when a discriminator has won
    or lost completely — with the numbers and what usually helps — and appends them to
    ``work_dir/health.json``, which ``report.html`` shows. A run that never validates (a config
    without validation, or a short run of one) is checked once when it ends, on the first inputs
    of its test split.

    Args:
        max_inputs: validation inputs compared (the first ones).
        max_side: images are scaled down to at most this many px per side first.
        window: at most this many last iterations of discriminator accuracy are judged.
    """

    priority = 'LOW'  # after the logger's validation line, before the report (LOWEST)

    def __init__(self, max_inputs=64, max_side=128, window=1000):
        self.max_inputs = max_inputs
        self.max_side = max_side
        self.window = window
        self._accuracies = {}
        self._samples = None
        self._checked = False

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        for term, accuracy in getattr(_model(runner), 'latest_judgements', {}).items():
            recent = self._accuracies.setdefault(term, deque(maxlen=self.window))
            recent.append((runner.iter + 1, accuracy))

    def before_val_epoch(self, runner):
        self._samples = HealthSamples(_model(runner), self.max_inputs, self.max_side)

    def after_val_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if self._samples is not None:
            self._samples.add(data_batch, outputs)

    def after_val_epoch(self, runner, metrics=None):
        if self._samples is not None:
            self._checked = True
            self._check(runner, self._samples)
        self._samples = None

    def after_train(self, runner):
        if not self._checked and is_main_process():
            self._check(runner, self._samples_of_test_split(runner))

    def _samples_of_test_split(self, runner):
        """The first inputs of the test split, run as validation runs them (the val split of a
        run that never validated may not even exist: a short test of a long config). A test
        split the model cannot run is named in a warning: the finished run still ends cleanly,
        with its discriminators judged."""
        samples = HealthSamples(_model(runner), self.max_inputs, self.max_side)
        loader_cfg = runner.cfg.get('test_dataloader')
        if loader_cfg:
            try:
                samples.add_loader(Runner.build_dataloader(loader_cfg, seed=0))
            except Exception as error:  # noqa: B902  (a check must not fail a finished run)
                runner.logger.warning(
                    f'health at the end: the test split could not be translated, so no output '
                    f'is checked ({type(error).__name__}: {error}); tools/test.py on this '
                    'config will meet the same error')
                samples = HealthSamples(_model(runner), self.max_inputs, self.max_side)
        return samples

    @master_only
    def _check(self, runner, samples):
        iteration = runner.iter
        health = samples.health()
        judged = [judgement(term, [a for _, a in recent], recent[0][0], recent[-1][0])
                  for term, recent in self._accuracies.items() if recent]
        self._accuracies = {}
        found = [w for h in health for w in translation_warnings(h)]
        found += [w for j in judged for w in judgement_warnings(j)]
        numbers = '; '.join([h.summary() for h in health] + [j.summary() for j in judged])
        runner.logger.info(f'health at iteration {iteration}: {numbers or "nothing to check"}')
        for warning in found:
            runner.logger.warning(f'health at iteration {iteration}: {warning}')
        self._record(runner.work_dir, dict(iteration=iteration,
                                           translations=[asdict(h) for h in health],
                                           judgements=[asdict(j) for j in judged],
                                           warnings=found))

    @staticmethod
    def _record(work_dir, record):
        path = osp.join(work_dir, HEALTH_FILE)
        history = []
        if osp.isfile(path):
            try:
                with open(path) as file:
                    history = json.load(file)
            except ValueError:  # damaged by hand: the checks from now on are kept
                history = []
        atomic_write_json([r for r in history if r['iteration'] != record['iteration']] + [record],
                          path)


def _model(runner):
    return runner.model.module if is_model_wrapper(runner.model) else runner.model
