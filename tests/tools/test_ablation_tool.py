"""tools/ablation.py: train variants over seeds, score them, write the table and the figure."""
import json
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[2]

TINY = '''
_base_ = ['{repo}/configs/bicycle/{variant}.py']
model = dict(nets=dict(G=dict(num_downs=5, base_channels=4),
                       D=dict(base_channels=4, num_layers=2){extra}))
data_root = '{data_root}'
builtin = dict(_delete_=True, name='synth_shapes', size=32, num_train=4, num_val=0, num_test=2)
train_dataloader = dict(num_workers=0, persistent_workers=False,
                        dataset=dict(data_root=data_root, builtin=builtin))
test_dataloader = dict(num_workers=0, dataset=dict(data_root=data_root, builtin=builtin))
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2),
                     samples=dict(interval=2), reference_weights=dict(interval=2))
'''


def test_ablation_trains_every_variant_and_writes_table_and_figure(run_tool_process, run_tool,
                                                                     tmp_path):
    folder = tmp_path / 'variants'
    folder.mkdir()
    (folder / '_shared.py').write_text('not a config: files starting with _ are left out')
    encoder_and_d2 = (', E=dict(num_blocks=2, base_channels=4), '
                      'D2=dict(base_channels=4, num_layers=2)')
    for variant, extra in (('pix2pix_noise', ''), ('z8_all', encoder_and_d2)):
        (folder / f'{variant}.py').write_text(TINY.format(repo=REPO, variant=variant, extra=extra,
                                                         data_root=tmp_path / 'data'))
    out = tmp_path / 'ablation'
    args = [folder, '--out', out, '--iters', '2', '--seeds', '1', '--jobs', '2',
            '--figure-inputs', '2', '--figure-samples', '2']
    result = run_tool_process('ablation.py', *args, timeout=600)  # its runs: processes too
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = (out / 'results.md').read_text()
    assert '| pix2pix_noise | 1 |' in table and '| z8_all | 1 |' in table
    noise_row = next(line for line in table.splitlines() if line.startswith('| pix2pix_noise'))
    assert noise_row.endswith('| — |')  # no encoder, no encoded accuracy
    record = json.loads((out / 'z8_all' / 'seed1' / 'run.json').read_text())
    assert record['checkpoint'].endswith('iter_2.pth') and 'mode_coverage' in record['metrics']
    # the training process's own cost: logged seconds and CPU seconds per iteration, memory
    cost = record['cost']
    assert cost['s_per_iter'] > 0 and cost['cpu_s_per_iter'] > 0 and cost['peak_RSS_MiB'] > 100
    assert '| variant | seeds | s_per_iter | peak_RSS_MiB | cpu_s_per_iter |' in table
    # two inputs x two variants, each row input | ground truth | 2 samples of 32 px
    figure = Image.open(out / 'results.png')
    assert figure.size == (110 + 4 * 32, 4 * 32 + 8)
    # a finished ablation is reused, not retrained
    again = run_tool('ablation.py', *args)
    assert again.returncode == 0 and again.stdout.count('done ') == 2
    assert (out / 'z8_all' / 'seed1' / 'ablation.log').read_text().count('Iter(train)') == 2
