"""tools/make_dataset.py: writes a built-in dataset, refuses to overwrite unless --force."""
import importlib.util
import os
from pathlib import Path

import pytest

from i2itools.datasets.synthetic import generate_builtin, write_builtin

SCRIPT = Path(__file__).resolve().parents[2] / 'tools' / 'make_dataset.py'
TINY_FLAGS = ['--size', '32', '--num-train', '3', '--num-val', '1', '--num-test', '2']


def load_main():
    spec = importlib.util.spec_from_file_location('make_dataset', SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def tree(root):
    return {os.path.relpath(os.path.join(d, n), root): os.path.getsize(os.path.join(d, n))
            for d, _, names in os.walk(root) for n in names}


def test_cli_writes_data_name_then_refuses_to_overwrite(run_tool_process, run_tool, tmp_path):
    done = run_tool_process('make_dataset.py', 'synth_facades', *TINY_FLAGS, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    root = tmp_path / 'data' / 'synth_facades'
    assert str(root) in done.stdout and 'train 3, val 1, test 2' in done.stdout
    assert sorted(tree(root)) == ['test/0000.png', 'test/0001.png', 'train/0000.png',
                                  'train/0001.png', 'train/0002.png', 'val/0000.png']
    before = (root / 'train' / '0000.png').read_bytes()

    again = run_tool('make_dataset.py', 'synth_facades', '--seed', '5', *TINY_FLAGS, cwd=tmp_path)
    assert again.returncode != 0
    assert 'already exists' in again.stderr and '--force' in again.stderr
    assert (root / 'train' / '0000.png').read_bytes() == before


def test_force_replaces_the_folder_with_no_leftovers(tmp_path, capsys):
    main = load_main()
    root = tmp_path / 'facades'
    main(['synth_facades', '--root', str(root), *TINY_FLAGS])
    before = (root / 'train' / '0000.png').read_bytes()
    (root / 'stale.txt').write_text('from an older version')
    main(['synth_facades', '--root', str(root), '--seed', '5', '--num-train', '1', '--force'] +
         TINY_FLAGS[:2])
    assert 'train 1' in capsys.readouterr().out
    assert (root / 'train' / '0000.png').read_bytes() != before
    assert not (root / 'stale.txt').exists() and not (root / 'train' / '0001.png').exists()
    assert os.listdir(tmp_path) == ['facades']  # no scratch or old copy left beside it


def test_unknown_name_lists_the_built_in_datasets(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        load_main()(['facades', '--root', str(tmp_path / 'x')])
    assert "'facades' is not a built-in dataset" in str(info.value.code)
    assert 'synth_facades' in str(info.value.code)
    assert not (tmp_path / 'x').exists()


def test_an_empty_existing_folder_is_filled_without_force(tmp_path):
    root = tmp_path / 'empty'
    root.mkdir()
    counts = write_builtin('synth_facades', root, size=32, num_train=1, num_val=1, num_test=0)
    assert counts == dict(train=1, val=1) and sorted(os.listdir(root)) == ['train', 'val']


def test_unknown_generator_option_is_named(tmp_path):
    with pytest.raises(ValueError, match="no option colour.*'size': 256"):
        generate_builtin('synth_facades', tmp_path, colour='red')


def test_cli_writes_synth_stripes_in_the_unaligned_layout(run_tool, tmp_path):
    done = run_tool('make_dataset.py', 'synth_stripes', '--size', '32', '--num-train', '2',
                    '--num-test', '1', '--seed', '3', cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    root = tmp_path / 'data' / 'synth_stripes'
    assert ('trainA 2, trainB 2, testA 1, testB 1, testA_true_B 1, testB_true_A 1'
            in done.stdout)
    assert sorted(tree(root)) == sorted(
        [f'train{d}/{i:04d}.png' for d in 'AB' for i in range(2)]
        + [f'{f}/0000.png' for f in ('testA', 'testB', 'testA_true_B', 'testB_true_A')])
    expected = tmp_path / 'expected'
    generate_builtin('synth_stripes', expected, size=32, num_train=2, num_test=1, seed=3)
    assert (root / 'testB_true_A' / '0000.png').read_bytes() == \
        (expected / 'testB_true_A' / '0000.png').read_bytes()


def test_an_option_the_generator_lacks_is_refused_with_its_options(tmp_path):
    with pytest.raises(SystemExit) as info:
        load_main()(['synth_stripes', '--root', str(tmp_path / 'x'), '--num-val', '3'])
    message = str(info.value.code)
    assert 'synth_stripes has no --num-val option' in message
    assert '--size 256, --num-train 400, --num-test 100, --seed 0' in message
    assert not (tmp_path / 'x').exists()


def test_help_lists_each_built_in_with_its_options(run_tool, tmp_path):
    done = run_tool('make_dataset.py', '--help', cwd=tmp_path)
    assert done.returncode == 0
    assert 'synth_stripes:' in done.stdout and 'synth_facades:' in done.stdout
    assert '--num-val 100' in done.stdout
