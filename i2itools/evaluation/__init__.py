"""Quality measurement: pure metric functions (:mod:`.functional`) and the registered mmengine
metrics built on them (:mod:`.metrics`, usable as ``val_evaluator`` / ``test_evaluator``)."""
