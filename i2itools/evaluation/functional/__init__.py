"""Metric functions on tensors and arrays, free of mmengine: each is tested with known answers
and reused by the registered metrics."""
