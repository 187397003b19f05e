"""What tools/train.py prints: a short header (config, work dir, device, data, objective) and
the progress, validation's own progress, the report's path once; mmengine's dump and its
deprecation warnings only in the log file unless --verbose; the last iteration logged even
when shorter than the interval."""
import json

DUMP = ('System environment:', 'Config:\n', 'Hooks will be executed in the following order')
MMENGINE_DEPRECATIONS = ('"FileClient" will be deprecated', '"HardDiskBackend" is the alias')

#: 2 iterations (of 3 batches of data: not an epoch's end), validated at the last one
SHORT_RUN_WITH_VALIDATION = '''
_base_ = ['{config}']
_data = dict(builtin=dict(_delete_=True, name='synth_facades', size=32, num_train=6, num_val=2))
train_dataloader, test_dataloader = dict(dataset=_data), dict(dataset=_data)
val_dataloader = dict(num_workers=0, dataset=dict(_data, data_root=data_root,
                                                  pipeline=[dict(type='Resize', size=32)]))
train_cfg = dict(max_iters=2, val_begin=2, val_interval=2)
default_hooks = dict(logger=dict(interval=100), checkpoint=dict(interval=2))
'''


def _lines_before_progress(output):
    lines = output.splitlines()
    first = next(i for i, line in enumerate(lines) if ' - progress 1/' in line)
    return lines[:first]


def test_the_console_shows_a_short_header_then_progress(run_tool, tiny_config, tmp_path):
    config = tmp_path / 'short.py'
    config.write_text(f"data_root = '{tmp_path / 'data'}'\n"
                      + SHORT_RUN_WITH_VALIDATION.format(config=tiny_config))
    work = tmp_path / 'work'
    result = run_tool('train.py', config, '--work-dir', work)
    assert result.returncode == 0, result.stderr[-3000:]
    output = result.stdout + result.stderr
    header = _lines_before_progress(output)
    assert len(header) <= 25, '\n'.join(header)
    text = '\n'.join(header)
    for expected in ('config:', 'work dir:', 'device:', 'data:     6 training items', 'objective:',
                     '100·L1(fake_B, B)'):
        assert expected in text, expected
    assert not any(part in output for part in DUMP + MMENGINE_DEPRECATIONS)
    log = next(work.glob('*/*.log')).read_text()
    # the dump and mmengine's deprecation (at the checkpoint) are kept in the log file; the
    # second is logged once per process
    assert all(part in log for part in DUMP + MMENGINE_DEPRECATIONS[:1])
    assert 'validation 2/2 (100%)' in output  # validation's own progress, with its ETA
    assert output.count('training report:') == 1
    records = [json.loads(line) for line in
               next(work.glob('*/vis_data/scalars.json')).read_text().splitlines()]
    assert [r['iter'] for r in records if 'iter' in r] == [2]  # the last one, interval 100


def test_verbose_prints_the_dump_too(run_tool, tiny_config, tmp_path):
    result = run_tool('train.py', tiny_config, '--work-dir', tmp_path / 'work', '--verbose',
                      '--cfg-options', 'train_cfg.max_iters=1')
    assert result.returncode == 0, result.stderr[-3000:]
    assert all(part in result.stdout for part in DUMP)
