"""The ablation table (means, spreads, best values) and the sample figure."""
import numpy as np
import pytest
from PIL import Image

from i2itools.apis.ablation_report import gallery_rows, metrics_table, samples_figure


def test_table_has_means_spread_over_seeds_and_bolds_the_best():
    results = {'noise': [dict(mode_coverage=0.25, mode_js=0.5, AtoB_L1=0.1, diversity_L1=0.0),
                         dict(mode_coverage=0.35, mode_js=0.7, AtoB_L1=0.3, diversity_L1=0.0)],
               'bicycle': [dict(mode_coverage=0.75, mode_js=0.1, AtoB_L1=0.4, diversity_L1=0.1,
                                encoded_mode_accuracy=0.8)]}
    lines = metrics_table(results, ['noise', 'bicycle']).splitlines()
    assert lines[0] == ('| variant | seeds | mode_coverage | mode_js | AtoB_L1 | diversity_L1 | '
                        'encoded_mode_accuracy |')
    assert lines[2] == ('| noise | 2 | 0.300 ± 0.071 | 0.600 ± 0.141 | **0.200 ± 0.141** | '
                        '0.000 ± 0.000 | — |')
    # coverage and diversity: higher is better; divergences and distances to a target: lower
    assert lines[3] == '| bicycle | 1 | **0.750** | **0.100** | 0.400 | **0.100** | **0.800** |'


def test_figure_stacks_each_inputs_rows_of_all_variants(tmp_path):
    grids = {}
    for variant, width in (('a', 40), ('b', 24)):
        grids[variant] = []
        for index in range(2):
            path = tmp_path / f'{variant}{index}.png'
            Image.fromarray(np.full((8, width, 3), 50 * index, np.uint8)).save(path)
            grids[variant].append(path)
    figure = np.asarray(Image.open(samples_figure(grids, tmp_path / 'fig.png', label_width=10)))
    # per input: a row of 'a' and one of 'b' (8 px each), then an 8 px gap; no gap at the end
    assert figure.shape == (8 * 5, 10 + 40, 3)
    assert (figure[16:24] == 255).all()
    assert (figure[24:32, 10:50] == 50).all() and (figure[32:40, 10:34] == 50).all()


def test_figure_needs_grids():
    with pytest.raises(ValueError, match='no grids'):
        samples_figure({'a': []}, 'unused.png')


def test_gallery_rows_join_each_inputs_visuals_in_order(tmp_path):
    images = tmp_path / 'test' / 'images'
    images.mkdir(parents=True)
    for stem in ('0001', '0000'):
        for value, visual in ((10, 'A'), (20, 'fake_B'), (30, 'B')):
            Image.fromarray(np.full((4, 4, 3), value + int(stem), np.uint8)).save(
                images / f'{stem}_{visual}.png')
    rows = gallery_rows(tmp_path / 'test', ['A', 'fake_B', 'B'], count=1)
    assert [r.split('/')[-1] for r in map(str, rows)] == ['0000.png']
    strip = np.asarray(Image.open(rows[0]))
    assert strip.shape == (4, 12, 3)
    assert [strip[0, x, 0] for x in (0, 4, 8)] == [10, 20, 30]  # 'B' is not read as 'fake_B'
