"""The training health check ("is it translating?") on a saved checkpoint: the numbers and
warnings that :class:`~i2itools.engine.hooks.TrainingHealthHook` gives at a validation."""
from mmengine.runner import Runner

from i2itools.engine.health_samples import HealthSamples
from i2itools.engine.training_health import translation_warnings
from .checkpoint_loading import load_checkpoint
from .model_building import build_model


def checkpoint_health(cfg, checkpoint, split='val', max_inputs=64, device=None):
    """``(health, warnings)`` of ``checkpoint`` on the first ``max_inputs`` inputs of the
    config's ``split`` ('val' or 'test'): a :class:`~i2itools.engine.training_health.
    TranslationHealth` per translation, and the warnings they give (the discriminators'
    accuracy is a matter of training, which a checkpoint does not hold)."""
    model = build_model(cfg, device)
    load_checkpoint(model, checkpoint)
    loader_cfg = cfg.get(f'{split}_dataloader') or cfg.test_dataloader
    samples = HealthSamples(model, max_inputs).add_loader(Runner.build_dataloader(loader_cfg,
                                                                                   seed=0))
    health = samples.health()
    return health, [w for h in health for w in translation_warnings(h)]
