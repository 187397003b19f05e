"""Plugins load from files, folders, configs and checkpoints; failures say which file and why."""
import pytest
from mmengine.config import Config

from i2itools.engine.config_loading import load_config
from i2itools.plugins import (PluginImportError, PluginNotFoundError, component_source,
                              import_plugins, load_plugins)
from i2itools.registry import MODELS

LOSS = '''
from i2itools.models.losses.pixel_loss import PixelLoss
from i2itools.registry import MODELS


@MODELS.register_module()
class {name}(PixelLoss):
    """Twice the mean absolute error."""

    criterion = staticmethod(lambda pred, target: 2 * (pred - target).abs().mean())
'''

BROKEN = '''
import math
FACTOR = math.sqrt(-1.0)  # the plugin's own bug
'''

pytestmark = pytest.mark.usefixtures('isolated_registries')


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_a_folder_loads_its_py_files_sorted_and_not_its_sub_folders(tmp_path):
    for name in ('b_loss', 'a_loss'):
        _write(tmp_path / 'ext' / f'{name}.py', LOSS.format(name=name.title().replace('_', '')))
    _write(tmp_path / 'ext' / 'deeper' / 'c_loss.py', LOSS.format(name='CLoss'))
    _write(tmp_path / 'ext' / 'notes.txt', 'not a plugin')
    files = import_plugins([tmp_path / 'ext'])
    assert files == [str(tmp_path / 'ext' / 'a_loss.py'), str(tmp_path / 'ext' / 'b_loss.py')]
    assert 'ALoss' in MODELS and 'BLoss' in MODELS and 'CLoss' not in MODELS
    assert component_source(MODELS.get('ALoss')) == f'plugin: {files[0]}'
    assert component_source(MODELS.get('L1Loss')) == 'i2itools'


def test_a_missing_plugin_path_is_named(tmp_path):
    with pytest.raises(PluginNotFoundError, match=f'{tmp_path}/gone.py does not exist'):
        import_plugins([tmp_path / 'gone.py'])


def test_a_plugin_raising_on_import_is_reported_with_its_file_and_the_original_error(tmp_path):
    broken = _write(tmp_path / 'broken_plugin.py', BROKEN)
    with pytest.raises(PluginImportError) as caught:
        import_plugins([broken])
    assert f'plugin {broken} raised while being imported' in str(caught.value)
    assert 'ValueError: math domain error' in str(caught.value)
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_custom_imports_module_raising_on_import_names_its_file(tmp_path, monkeypatch):
    broken = _write(tmp_path / 'broken_custom.py', BROKEN)
    config = _write(tmp_path / 'cfg.py', "custom_imports = dict(imports=['broken_custom'])\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginImportError) as caught:
        load_config(str(config))
    message = str(caught.value)
    assert f"custom_imports of {config}: module 'broken_custom' ({broken}) raised" in message
    assert 'ValueError: math domain error' in message
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_custom_imports_module_that_is_not_importable_says_how_to_pass_it(tmp_path):
    config = _write(tmp_path / 'cfg.py', "custom_imports = dict(imports=['nowhere.my_loss'])\n")
    with pytest.raises(PluginNotFoundError) as caught:
        load_config(str(config))
    assert (f"custom_imports of {config} names the module 'nowhere.my_loss', which is not "
            'importable') in str(caught.value)
    assert '--plugins' in str(caught.value) and 'PYTHONPATH' in str(caught.value)


def test_allow_failed_imports_warns_and_goes_on(tmp_path):
    config = _write(tmp_path / 'cfg.py', "custom_imports = dict(imports=['nowhere.my_loss'], "
                                         'allow_failed_imports=True)\n')
    with pytest.warns(UserWarning, match='nowhere.my_loss'):
        assert 'plugins' not in load_config(str(config))


def test_the_config_records_the_files_of_plugins_and_custom_imports(tmp_path, monkeypatch):
    given = _write(tmp_path / 'given' / 'given_loss.py', LOSS.format(name='GivenLoss'))
    named = _write(tmp_path / 'path' / 'named_loss.py', LOSS.format(name='NamedLoss'))
    relative = _write(tmp_path / 'configs' / 'near_loss.py', LOSS.format(name='NearLoss'))
    config = _write(tmp_path / 'configs' / 'cfg.py', "plugins = ['near_loss.py']\n"
                    "custom_imports = dict(imports=['named_loss'])\n")
    monkeypatch.syspath_prepend(str(tmp_path / 'path'))
    cfg = load_config(str(config), plugins=[str(given)])
    assert cfg.plugins == [str(relative), str(given), str(named)]
    assert {'GivenLoss', 'NamedLoss', 'NearLoss'} <= set(MODELS.module_dict)


def test_a_recorded_plugin_that_is_gone_is_named_with_where_it_was(tmp_path):
    gone = tmp_path / 'old' / 'moved_loss.py'
    cfg = Config(dict(plugins=[str(gone)]))
    with pytest.raises(PluginNotFoundError) as caught:
        load_plugins(cfg, config_path='work/cfg.py')
    message = str(caught.value)
    assert f'plugin moved_loss.py, expected at {gone}' in message
    assert '`plugins` of work/cfg.py' in message and '--plugins PATH' in message


def test_a_recorded_plugin_that_moved_is_found_through_plugins(tmp_path):
    moved = _write(tmp_path / 'new' / 'moved_loss.py', LOSS.format(name='MovedLoss'))
    cfg = Config(dict(plugins=[str(tmp_path / 'old' / 'moved_loss.py')]))
    assert load_plugins(cfg, plugins=[str(tmp_path / 'new')]) == [str(moved)]
    assert cfg.plugins == [str(moved)] and 'MovedLoss' in MODELS
