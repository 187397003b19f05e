"""Make a small inference file from a training checkpoint (OpenMMLab's ``publish_model``)."""
import hashlib
import io
import os.path as osp

import torch
from mmengine.config import Config

from i2itools.engine.checkpoint_files import read_checkpoint
from i2itools.utils.cli_errors import UserValueError
from i2itools.utils.atomic_write import atomic_path
from i2itools.version import __version__


def publish_checkpoint(checkpoint, out_file):
    """Write the nets that the test branches of ``checkpoint`` name (generators, encoders) with
    its config, the i2itools version and the training iterations, without discriminators,
    training-only nets (CUT's patch sampler F) or optimizer state, to
    ``<out_file stem>-<sha256[:8]>.pth``; return that path."""
    state = read_checkpoint(checkpoint)
    meta = state.get('meta', {}) if isinstance(state, dict) else {}
    if not isinstance(state, dict) or not isinstance(state.get('state_dict'), dict) \
            or not meta.get('cfg'):
        raise UserValueError(f'{checkpoint} is not an i2itools training checkpoint (no state_dict '
                         'and meta.cfg); publish the iter_*.pth files that training writes')
    cfg = Config.fromstring(meta['cfg'], '.py')
    nets = _test_nets(cfg.model)
    weights = {k: v for k, v in state['state_dict'].items() if k.split('.', 1)[0] in nets}
    published = dict(
        meta=dict(cfg=meta['cfg'], i2itools_version=__version__, iter=meta.get('iter'),
                  epoch=meta.get('epoch'), nets=nets, published_from=osp.basename(checkpoint)),
        state_dict=weights)
    buffer = io.BytesIO()
    torch.save(published, buffer)
    data = buffer.getvalue()
    stem = out_file[:-len('.pth')] if out_file.endswith('.pth') else out_file
    path = f'{stem}-{hashlib.sha256(data).hexdigest()[:8]}.pth'
    with atomic_path(path) as tmp, open(tmp, 'wb') as handle:
        handle.write(data)
    return path


def _test_nets(model_cfg):
    """Names of the nets that the model's test branches (default: its branches) name, in net
    order; read off the branch configs, so a plugin's branch needs no import here."""
    branches = model_cfg.get('test_branches') or model_cfg.get('branches') or {}
    named = {value for cfg in branches.values() if cfg for value in cfg.values()
             if isinstance(value, str)}
    return [name for name in model_cfg.nets if name in named and model_cfg.nets[name]]
