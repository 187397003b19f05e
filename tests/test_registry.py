"""Registering a name twice fails with both parts' modules and files, unless force=True."""
import importlib
import inspect

import pytest

from i2itools.models.losses.l1_loss import L1Loss
from i2itools.plugins import PluginImportError, import_plugin_file
from i2itools.registry import MODELS, DuplicateComponentError

PART = '''
from torch import nn
from i2itools.registry import MODELS


@MODELS.register_module({force})
class {name}(nn.Module):
    """{doc}"""
'''

pytestmark = pytest.mark.usefixtures('isolated_registries')


def _plugin(folder, file, name='TwiceRegisteredPart', force='', doc='first'):
    folder.mkdir(exist_ok=True)
    path = folder / file
    path.write_text(PART.format(name=name, force=force, doc=doc))
    return path


def test_a_second_part_of_the_same_name_fails_naming_both_modules_and_files(tmp_path):
    first = _plugin(tmp_path / 'one', 'first_part.py')
    second = _plugin(tmp_path / 'two', 'second_part.py', doc='second')
    import_plugin_file(first)
    with pytest.raises(PluginImportError) as caught:
        import_plugin_file(second)
    duplicate = caught.value.__cause__
    assert isinstance(duplicate, DuplicateComponentError)
    message = str(duplicate)
    assert "'TwiceRegisteredPart' is already registered" in message
    assert f'first_part ({first})' in message and f'second_part ({second})' in message
    assert 'force=True' in message
    assert inspect.getdoc(MODELS.get('TwiceRegisteredPart')) == 'first'


def test_force_true_replaces_the_registered_part(tmp_path):
    import_plugin_file(_plugin(tmp_path / 'one', 'first_part.py'))
    import_plugin_file(_plugin(tmp_path / 'two', 'second_part.py', force='force=True',
                               doc='second'))
    assert inspect.getdoc(MODELS.get('TwiceRegisteredPart')) == 'second'


def test_a_plugin_taking_a_built_in_name_names_the_built_in_file(tmp_path):
    with pytest.raises(PluginImportError) as caught:
        import_plugin_file(_plugin(tmp_path, 'my_l1.py', name='L1Loss'))
    message = str(caught.value.__cause__)
    assert f'i2itools.models.losses.l1_loss ({inspect.getsourcefile(L1Loss)})' in message
    assert f'my_l1 ({tmp_path / "my_l1.py"})' in message
    assert MODELS.get('L1Loss') is L1Loss


def test_the_same_file_imported_by_path_and_by_name_is_no_clash(tmp_path, monkeypatch):
    path = _plugin(tmp_path / 'pkg', 'twice_imported.py')
    by_path = import_plugin_file(path)
    monkeypatch.syspath_prepend(str(tmp_path))
    by_name = importlib.import_module('pkg.twice_imported')  # a second module from the file
    assert by_name is not by_path
    assert MODELS.get('TwiceRegisteredPart') is by_name.TwiceRegisteredPart


def test_registering_the_same_class_again_is_allowed():
    MODELS.register_module(module=L1Loss)
    assert MODELS.get('L1Loss') is L1Loss
