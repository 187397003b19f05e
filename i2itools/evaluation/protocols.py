"""The papers' evaluation protocols as config files (``configs/eval/*.py``): which metrics, on
how many test inputs, with how many samples each. ``tools/evaluate.py`` applies one to a
trained model's config and prints one line per number."""
import copy
import os.path as osp

from mmengine.config import Config

#: keys a protocol file may set; ``metrics`` is required
PROTOCOL_KEYS = {'metrics', 'num_inputs', 'num_samples'}


class ProtocolError(ValueError):
    """A protocol file is malformed, or does not fit the model or the arguments given."""


def load_protocol(path):
    """The protocol file at ``path`` as a Config: ``metrics`` (a list of metric dicts),
    ``num_inputs`` (the first N test inputs; None: all) and ``num_samples`` (samples per input
    of the model's ``SamplesBranch``; None: as the model's config says)."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'no protocol file {path}')
    protocol = Config.fromfile(path)
    unknown = sorted(k for k in protocol.keys() if not k.startswith('_') and k not in PROTOCOL_KEYS)
    metrics = protocol.get('metrics')
    if not isinstance(metrics, list) or not metrics or unknown:
        raise ProtocolError(f'{path}: a protocol sets a non-empty list `metrics` and optionally '
                         f'num_inputs and num_samples; found keys {sorted(protocol.keys())}')
    protocol.setdefault('num_inputs', None)
    protocol.setdefault('num_samples', None)
    return protocol


def set_metric_arguments(metrics, **values):
    """Copies of the metric dicts with each given argument set wherever a metric (or a dict
    inside one, as SampleDiversity's ``lpips``) has it, e.g. ``inception_weights=PATH``.
    An argument that no metric has is an error rather than a silent no-op."""
    metrics = copy.deepcopy(metrics)
    for key, value in values.items():
        if not sum(_set_everywhere(metric, key, value) for metric in metrics):
            raise ProtocolError(f'no metric of this protocol takes {key!r}; its metrics are '
                           f"{[m.get('type') for m in metrics]}")
    return metrics


def apply_protocol(cfg, protocol):
    """Set ``cfg.test_evaluator`` to the protocol's metrics and, when it asks for a number of
    samples, the ``num_samples`` of the model's ``SamplesBranch`` test branches."""
    cfg.test_evaluator = dict(type='Evaluator', metrics=copy.deepcopy(protocol.metrics))
    if protocol.num_samples is None:
        return cfg
    branches = cfg.model.get('test_branches', {})
    sampling = [name for name, branch in branches.items()
                if branch.get('type') == 'SamplesBranch']
    if not sampling:
        raise ProtocolError(f'the protocol draws {protocol.num_samples} samples per input, but the '
                         f'model has no SamplesBranch among its test branches {sorted(branches)}; '
                         'add one (see the BicycleGAN configs) to the config')
    for name in sampling:
        branches[name]['num_samples'] = protocol.num_samples
    return cfg


def _set_everywhere(options, key, value):
    """Set ``key`` in the dict ``options`` and the dicts nested in it that have it; the count."""
    count = 0
    for name, item in options.items():
        if name == key:
            options[name] = value
            count += 1
        elif isinstance(item, dict):
            count += _set_everywhere(item, key, value)
    return count
