"""The process-wide CPU settings of a config: denormal flushing, intra-op threads, and malloc
keeping freed memory for reuse."""
import platform

import pytest
import torch
from mmengine.config import Config

from i2itools.engine import cpu_settings
from i2itools.engine.cpu_settings import apply_cpu_settings


@pytest.fixture
def calls(monkeypatch):
    """What apply_cpu_settings asked of torch and of malloc (nothing changes in this process)."""
    made = []
    monkeypatch.setattr(torch, 'set_flush_denormal', lambda on: made.append(('flush', on)))
    monkeypatch.setattr(torch, 'set_num_threads', lambda n: made.append(('threads', n)))
    monkeypatch.setattr(cpu_settings, 'reuse_freed_memory', lambda: made.append('reuse'))
    return made


def test_defaults_flush_denormals_keep_torchs_threads_and_reuse_freed_memory(calls):
    apply_cpu_settings(Config.fromfile('configs/_base_/default_runtime.py'))
    assert calls == [('flush', True), 'reuse']


def test_each_setting_is_the_configs(calls):
    apply_cpu_settings(Config(dict(flush_denormal=False, threads=3, reuse_freed_memory=False)))
    assert calls == [('flush', False), ('threads', 3)]
    with pytest.raises(ValueError, match='threads must be a whole number of at least 1, got 0'):
        apply_cpu_settings(Config(dict(threads=0)))


@pytest.mark.skipif(platform.libc_ver()[0] != 'glibc', reason='a setting of glibc only')
def test_glibc_takes_the_malloc_settings():
    assert cpu_settings.reuse_freed_memory() is True
