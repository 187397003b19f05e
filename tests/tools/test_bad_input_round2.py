"""Bad input, round 2: wrong settings, option values, checkpoints and output folders are refused
by the real tools with one ``error:`` line (exit status 1, or 2 for a command line that does not
parse) and no traceback, and a refused run leaves its work dir and output folder as they were.

The tools run in this process through :func:`run_cli`, as ``python tools/X.py`` runs them;
the two small training runs the checkpoints come from, and the runs that must succeed, run as
``__main__`` in this process too, isolated as a new process would be (``tool_runs``).
"""
import hashlib
import importlib.util
import shutil
from pathlib import Path

import pytest
import torch
from tool_runs import run_tool_in_process

from i2itools.utils.cli_errors import run_cli

REPO = Path(__file__).resolve().parents[2]

TINY_PIX2PIX = '''
_base_ = ['{repo}/configs/pix2pix/synth_facades.py']
model = dict(nets=dict(G=dict(num_downs=5, base_channels={width}),
                       D=dict(base_channels={width}, num_layers=2)))
data_root = '{data}'
builtin = dict(_delete_=True, name='synth_facades', size=32, num_train=4, num_val=0, num_test=2)
train_dataloader = dict(batch_size=2, num_workers=2, persistent_workers=True,
                        dataset=dict(data_root=data_root, builtin=builtin,
                                     pipeline=[dict(type='RandomFlip')]))
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin,
                                                   pipeline=[]))
train_cfg = dict(max_iters=2)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''

TINY_CYCLEGAN = '''
_base_ = ['{repo}/configs/cyclegan/synth_stripes.py']
_g = dict(base_channels=4, num_blocks=1)
_d = dict(base_channels=4, num_layers=2)
model = dict(nets=dict(G_A=_g, G_B=_g, D_A=_d, D_B=_d))
data_root = '{data}'
builtin = dict(_delete_=True, name='synth_stripes', size=32, num_train=3, num_test=2)
train_dataloader = dict(num_workers=0, persistent_workers=False,
                        dataset=dict(data_root=data_root, builtin=builtin, pipeline=[]))
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin,
                                                   pipeline=[]))
train_cfg = dict(max_iters=2)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''


@pytest.fixture(scope='module')
def runs(tmp_path_factory):
    """Configs and 2-iteration work dirs of a tiny pix2pix (4-channel nets) and CycleGAN, and a
    pix2pix config of other widths. The pix2pix run is trained with its loader's
    ``num_workers`` set to 0 on the command line, its config asking for persistent workers."""
    root = tmp_path_factory.mktemp('round2')
    configs = {}
    for name, text, width in (('pix2pix', TINY_PIX2PIX, 4), ('wide', TINY_PIX2PIX, 8),
                              ('cyclegan', TINY_CYCLEGAN, None)):
        configs[name] = root / f'{name}.py'
        configs[name].write_text(text.format(repo=REPO, data=root / f'data_{name}', width=width))
    logs = {}
    for name, extra in (('pix2pix', ['--cfg-options', 'train_dataloader.num_workers=0']),
                        ('cyclegan', [])):
        result = run_tool_in_process('train.py', configs[name], '--work-dir', root / name, *extra)
        assert result.returncode == 0, result.stderr[-3000:]
        logs[name] = result.stdout + result.stderr
    return dict(root=root, configs=configs, logs=logs,
                pix2pix=root / 'pix2pix' / 'iter_2.pth', cyclegan=root / 'cyclegan' / 'iter_2.pth')


def _tool_main(tool):
    spec = importlib.util.spec_from_file_location(f'tool_{tool}', REPO / 'tools' / f'{tool}.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


@pytest.fixture
def tool(capsys, monkeypatch):
    """``tool('test', *args)``: run ``tools/test.py`` in this process as its ``__main__`` does;
    returns ``(exit status, stdout, stderr)`` with the exit message in stderr."""
    monkeypatch.delenv('I2ITOOLS_DEBUG', raising=False)

    def run(name, *args):
        status = 0
        try:
            run_cli(_tool_main(name), [str(a) for a in args])
        except SystemExit as stop:
            status = stop.code
        out, err = capsys.readouterr()
        if isinstance(status, str):  # sys.exit(message): Python prints it and exits with 1
            status, err = 1, err + status + '\n'
        return status, out, err

    return run


def refused(result, status=1):
    """The message of a refused run, from its last ``error:`` line to the end (one or two
    lines), after checking its status and that no traceback was printed."""
    code, out, err = result
    assert code == status, (code, out[-2000:], err[-3000:])
    assert 'Traceback' not in err, err[-3000:]
    lines = err.rstrip().splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith('error: ')]
    assert starts and len(lines) - starts[-1] <= 2, err[-3000:]
    return '\n'.join(lines[starts[-1]:])


def snapshot(folder):
    """Every file and folder under ``folder``, with each file's size, time and content hash."""
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): None if p.is_dir() else (
        p.stat().st_size, p.stat().st_mtime_ns, hashlib.sha1(p.read_bytes()).hexdigest())
        for p in sorted(folder.rglob('*'))}


def cut_short(path, into):
    data = path.read_bytes()
    into.write_bytes(data[:len(data) // 2])
    return into


# ----------------------------------------------------------------- config settings
def test_a_loader_without_workers_needs_no_other_setting_and_the_log_says_so(runs):
    assert ('train_dataloader.persistent_workers set to False: train_dataloader.num_workers=0 '
            'loads in the main process') in runs['logs']['pix2pix']


@pytest.mark.parametrize('override, expected', [
    ('train_cfg.max_iters=ten', "train_cfg.max_iters in --cfg-options must be a whole number; "
                                "got the text 'ten'"),
    ('train_cfg.max_iters=0', 'train_cfg.max_iters=0 in --cfg-options: it must be at least 1'),
    ('test_dataloader.batch_size=-2',
     'test_dataloader.batch_size=-2 in --cfg-options: it must be at least 1'),
    ('default_hooks.samples.interval=2.5',
     'default_hooks.samples.interval in --cfg-options must be a whole number; got a float, 2.5'),
    ('train_cfg.val_interval=0', 'train_cfg.val_interval=0 in --cfg-options: it must be at '
                                 'least 1'),
    ('optim_wrapper.default.optimizer.lr=fast', "optim_wrapper.default.optimizer.lr='fast' in "
                                                '--cfg-options: the config has the number 0.0002'),
    ('model.nets.G.base_channels=wide', "UnetGenerator base_channels='wide': a number is "
                                        'expected (its default is 64), and building '
                                        'UnetGenerator failed with TypeError'),
])
def test_a_wrong_run_setting_is_named_by_its_key_before_anything_is_written(
        runs, tool, tmp_path, override, expected):
    work = tmp_path / 'work'
    message = refused(tool('train', runs['configs']['pix2pix'], '--work-dir', work,
                           '--cfg-options', override))
    assert expected in message
    assert not work.exists()


def test_a_setting_of_the_config_file_is_named_with_the_file(tool, tmp_path):
    config = tmp_path / 'broken.py'
    config.write_text(f"_base_ = ['{REPO}/configs/pix2pix/synth_facades.py']\n"
                      "train_dataloader = dict(batch_size='4')\n")
    message = refused(tool('train', config, '--work-dir', tmp_path / 'work'))
    assert (f"train_dataloader.batch_size in {config} must be a whole number; got the text "
            "'4'") in message


def test_a_validation_loader_for_a_config_without_validation_names_the_missing_parts(
        tool, tmp_path):
    """mmengine fails in the Runner with a traceback when a loop is half set up."""
    work = tmp_path / 'work'
    message = refused(tool('train', f'{REPO}/configs/cyclegan/horse2zebra.py', '--work-dir', work,
                           '--cfg-options', f'val_dataloader.dataset.data_root={tmp_path}'))
    assert ('val_dataloader set in --cfg-options, but val_cfg and val_evaluator not: this '
            'config runs no validation. Set all three') in message
    assert not work.exists()
    config = tmp_path / 'half.py'
    config.write_text(f"_base_ = ['{REPO}/configs/cyclegan/horse2zebra.py']\n"
                      "val_cfg = dict(type='ValidationLoop')\n")
    message = refused(tool('train', config, '--work-dir', work))
    assert f'val_cfg set in {config}, but val_dataloader and val_evaluator not' in message


@pytest.mark.parametrize('item', ['randomness.seed', '=3'])
def test_an_override_without_key_and_value_is_a_usage_error(runs, tool, tmp_path, item):
    message = refused(tool('train', runs['configs']['pix2pix'], '--work-dir', tmp_path / 'w',
                           '--cfg-options', item), status=2)
    assert message == (f"error: argument --cfg-options: {item!r}: each item is KEY=VALUE, e.g. "
                       'train_cfg.max_iters=20 (lists: KEY=[a,b]) (--help lists the options)')


# ------------------------------------------------------------------- option values
@pytest.mark.parametrize('name, args, expected', [
    ('test', ['c.py', 'x.pth', '--num-test', '0'],
     'argument --num-test: must be at least 1, got 0'),
    ('test', ['c.py', 'x.pth', '--num-test', 'all'], "argument --num-test: 'all' is not a whole "
                                                     'number'),
    ('test', ['c.py', 'x.pth', '--n-samples', '-4'], 'argument --n-samples: must be at least 1, '
                                                     'got -4'),
    ('translate', ['x.pth', 'in', '--out', 'o', '--batch-size', '0'],
     'argument --batch-size: must be at least 1, got 0'),
    ('translate', ['x.pth', 'in', '--out', 'o', '--tile', '-64'],
     'argument --tile: must be 0 or more, got -64'),
    ('translate', ['x.pth', 'in', '--out', 'o', '--tile', '64', '--overlap', '-1'],
     'argument --overlap: must be 0 or more, got -1'),
    ('export', ['x.pth', '--format', 'torchscript', '--size', '0'],
     'argument --size: must be at least 1, got 0'),
    ('benchmark', ['c.py', '--chunks', '0'], 'argument --chunks: must be at least 1, got 0'),
    ('make_dataset', ['synth_facades', '--num-train', '0'],
     'argument --num-train: must be at least 1, got 0'),
    ('receptive_field', ['c.py', '--size', '-32'], 'argument --size: must be at least 1, got -32'),
    ('ablation', ['c.py', '--out', 'o', '--jobs', '0'],
     'argument --jobs: must be at least 1, got 0'),
    ('ablation', ['c.py', '--out', 'o', '--cfg-options', 'train_cfg.max_iters'],
     "argument --cfg-options: 'train_cfg.max_iters': each item is KEY=VALUE"),
])
def test_a_count_out_of_range_is_refused_where_it_is_parsed(tool, name, args, expected):
    assert refused(tool(name, *args), status=2).startswith(f'error: {expected}')


def test_a_device_this_machine_lacks_is_refused_naming_the_fix(tool, monkeypatch):
    monkeypatch.setattr(torch.cuda, 'device_count', lambda: 0)
    message = refused(tool('test', 'c.py', 'x.pth', '--device', 'cuda'), status=2)
    assert message.startswith("error: argument --device: 'cuda': torch finds no CUDA device on "
                              'this machine')
    assert 'use --device cpu, or leave --device out' in message
    monkeypatch.setattr(torch.cuda, 'device_count', lambda: 2)
    message = refused(tool('translate', 'x.pth', 'in', '--out', 'o', '--device', 'cuda:2'),
                      status=2)
    assert "'cuda:2': this machine has 2 CUDA device(s), cuda:0 to cuda:1" in message
    message = refused(tool('benchmark', 'c.py', '--device', 'gpu0'), status=2)
    assert "'gpu0' is not a device: use cpu, cuda or cuda:N" in message


# --------------------------------------------------------- checkpoints and outputs
def test_a_missing_checkpoint_is_named_and_no_output_folder_is_made(tool, tmp_path):
    out = tmp_path / 'out'
    for name, args in (('translate', ['--out', out]), ('export', ['--format', 'torchscript',
                                                                   '--out', out])):
        message = refused(tool(name, tmp_path / 'run' / 'iter_9.pth', tmp_path, *args)
                          if name == 'translate' else tool(name, tmp_path / 'iter_9.pth', *args))
        assert 'iter_9.pth does not exist' in message
        assert not out.exists()


def test_a_cut_short_checkpoint_is_named_by_every_tool_that_reads_it(runs, tool, tmp_path):
    broken = cut_short(runs['pix2pix'], tmp_path / 'half.pth')
    out = tmp_path / 'out'
    for name, args in (('translate', [broken, tmp_path, '--out', out]),
                       ('export', [broken, '--format', 'onnx', '--out', out]),
                       ('publish', [broken, out / 'model.pth'])):
        message = refused(tool(name, *args))
        assert f'{broken} is not a complete checkpoint' in message
        assert not out.exists()


def test_a_checkpoint_of_other_nets_given_with_a_config_names_both_sets_of_nets(
        runs, tool, tmp_path):
    out = tmp_path / 'out'
    message = refused(tool('translate', runs['cyclegan'], tmp_path, '--out', out, '--config',
                           runs['configs']['pix2pix']))
    assert (f"{runs['cyclegan']} holds nets D_A, D_B, G_A, G_B but the model of the config has "
            'G, D: use the config it was trained with') in message
    assert not out.exists()


def test_an_output_folder_that_cannot_be_made_is_refused_before_the_model_loads(
        runs, tool, tmp_path):
    (tmp_path / 'notes.txt').write_text('a file, not a folder')
    message = refused(tool('translate', runs['pix2pix'], tmp_path, '--out',
                           tmp_path / 'notes.txt' / 'translated'))
    assert f"'{tmp_path / 'notes.txt'}' is a file, not a folder; pass --out with a folder" in \
        message
    message = refused(tool('test', runs['configs']['pix2pix'], runs['pix2pix'], '--out',
                           '/proc/i2itools_out'))
    assert "--out /proc/i2itools_out is not writable (in '/proc')" in message


def test_a_direction_the_model_lacks_and_a_missing_style_image_are_named(runs, tool, tmp_path):
    out = tmp_path / 'out'
    message = refused(tool('test', runs['configs']['cyclegan'], runs['cyclegan'], '--out', out,
                           '--direction', 'AtoC'))
    assert "--direction 'AtoC': this model's test branches are AtoB, BtoA; pass one of them" in \
        message
    message = refused(tool('translate', runs['pix2pix'], tmp_path, '--out', out, '--z-from',
                           tmp_path / 'style.png'))
    assert f"{tmp_path / 'style.png'}: no such file" in message
    assert not out.exists()


@pytest.mark.parametrize('tile, fix', [('20', 'use 32, or 0 for no tiling'),
                                       ('48', 'use 32 or 64, or 0 for no tiling')])
def test_a_tile_that_is_no_multiple_of_the_generators_size_multiple_is_refused(
        runs, tool, tmp_path, tile, fix):
    out = tmp_path / 'out'
    message = refused(tool('translate', runs['pix2pix'], tmp_path, '--out', out, '--tile', tile))
    assert f'--tile {tile}: tiles must be a multiple of 32' in message and fix in message
    assert not out.exists()


def test_tile_0_means_no_tiling(runs, tool, tmp_path):
    photo_folder = runs['root'] / 'data_pix2pix' / 'test'
    code, out, err = tool('translate', runs['pix2pix'], photo_folder, '--out', tmp_path / 'out',
                          '--tile', '0')
    assert code == 0, err[-3000:]
    assert '2 images and 0 frames of 0 videos translated' in out


def test_a_test_run_refused_for_its_checkpoint_leaves_the_output_folder_as_it_was(
        runs, tool, tmp_path):
    out = tmp_path / 'gallery'
    out.mkdir()
    (out / 'index.html').write_text('an earlier gallery')
    before = snapshot(out)
    message = refused(tool('test', runs['configs']['cyclegan'], runs['pix2pix'], '--out', out))
    assert 'the checkpoint does not fit the networks of this config' in message
    assert snapshot(out) == before


# ------------------------------------------------- resume and load-from: work dir untouched
def test_resume_from_a_checkpoint_of_other_nets_is_refused_before_the_work_dir_changes(
        runs, tool, tmp_path):
    work = tmp_path / 'work'
    shutil.copytree(runs['root'] / 'pix2pix', work)
    before = snapshot(work)
    message = refused(tool('train', runs['configs']['pix2pix'], '--work-dir', work, '--resume',
                           runs['cyclegan']))
    assert message.startswith(f"error: --resume {runs['cyclegan']}: the checkpoint does not fit "
                              'the networks of this config (Translator): missing keys: ')
    assert 'unexpected keys: ' in message
    assert snapshot(work) == before


def test_resume_with_another_config_of_the_work_dir_is_refused_before_it_changes(
        runs, tool):
    work = runs['root'] / 'cyclegan'
    before = snapshot(work)
    message = refused(tool('train', runs['configs']['pix2pix'], '--work-dir', work, '--resume'))
    assert f'--resume {work}/iter_2.pth: the checkpoint does not fit' in message
    assert snapshot(work) == before


def test_load_from_weights_of_other_widths_is_refused_before_the_work_dir_is_made(
        runs, tool, tmp_path):
    work = tmp_path / 'fresh'
    message = refused(tool('train', runs['configs']['wide'], '--work-dir', work, '--load-from',
                           runs['pix2pix']))
    assert f"--load-from {runs['pix2pix']}: the checkpoint does not fit" in message
    assert 'keys of another shape: ' in message and '[4, 3, 4, 4] in the checkpoint but ' \
        '[8, 3, 4, 4] here' in message
    assert not work.exists()


def test_resume_and_load_from_together_are_a_usage_error(runs, tool, tmp_path):
    message = refused(tool('train', runs['configs']['pix2pix'], '--resume', '--load-from',
                           runs['pix2pix']), status=2)
    assert 'give one of them' in message


def test_load_from_a_published_file_starts_a_run_from_its_generator(runs, tmp_path):
    published = run_tool_in_process('publish.py', runs['pix2pix'], tmp_path / 'g.pth')
    assert published.returncode == 0, published.stderr[-3000:]
    path = published.stdout.split()[1]
    work = tmp_path / 'work'
    result = run_tool_in_process('train.py', runs['configs']['pix2pix'], '--work-dir', work,
                         '--load-from', path, '--cfg-options', 'train_cfg.max_iters=1')
    assert result.returncode == 0, result.stderr[-3000:]
    assert f'Load checkpoint from {path}' in result.stdout + result.stderr
