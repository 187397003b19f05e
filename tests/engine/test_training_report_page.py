"""report.html: curves from a single logged iteration (and a reason when there are none),
distinguishable coinciding lines, labelled grids, checkpoints with the command that tests them."""
import json

import numpy as np
import pytest
from matplotlib.axes import Axes
from PIL import Image

from i2itools.engine.curve_plots import plot_curves
from i2itools.engine.training_report import write_training_report
from page_links import local_file, parse_page


def _work_dir(tmp_path, records=(), name='run #1'):
    work = tmp_path / name
    logs = work / '20260101_000000' / 'vis_data'
    logs.mkdir(parents=True)
    (logs / 'scalars.json').write_text(''.join(json.dumps(r) + '\n' for r in records))
    return work


def _grid(folder, step, labels, size=8):
    folder.mkdir(exist_ok=True)
    Image.fromarray(np.zeros((size, size * len(labels), 3), np.uint8)).save(
        folder / f'iter_{step:08d}.png')
    (folder / 'columns.json').write_text(json.dumps(labels))


def test_one_logged_iteration_gives_curves_and_every_link_resolves(tmp_path):
    work = _work_dir(tmp_path, [dict(loss_L1=3.0, **{'G.lr': 2e-4, 'D.lr': 2e-4}, iter=20,
                                     step=20)])
    _grid(work / 'samples', 20, ['A', 'A → B', 'B'])
    page = write_training_report(str(work), 'x = 1', config_file='configs/a b.py',
                                 latest=str(work / 'iter_20.pth'))
    parsed = parse_page(page)
    sources = [image['src'] for image in parsed.images]
    assert sources == ['report/losses.png', 'report/learning_rates.png',
                       'samples/iter_00000020.png']
    for reference in sources + parsed.links:
        assert local_file(page, reference).is_file(), reference
    assert ['A', 'A → B', 'B'] == parsed.texts[parsed.texts.index('iteration 20') + 1:][:3]
    assert f"python tools/test.py 'configs/a b.py' '{work}/iter_20.pth'" in parsed.texts


def test_without_scalars_the_page_says_why(tmp_path):
    text = ' '.join(parse_page(write_training_report(str(_work_dir(tmp_path)), '')).texts)
    assert 'Nothing logged yet' in text and 'default_hooks.logger.interval' in text
    assert 'No best checkpoint yet: it is chosen at validation' in text


@pytest.mark.parametrize('validates, keeps_best, why', [
    (False, True, 'this run does not validate'), (True, False, 'this run keeps none')])
def test_a_run_that_will_have_no_best_checkpoint_says_why(tmp_path, validates, keeps_best, why):
    page = write_training_report(str(_work_dir(tmp_path)), '', validates=validates,
                                 keeps_best=keeps_best)
    text = ' '.join(parse_page(page).texts)
    assert 'No best checkpoint: ' in text and why in text and 'checkpoint yet' not in text


def test_the_best_checkpoint_shows_its_scores_and_test_command(tmp_path):
    work = _work_dir(tmp_path, [dict(PSNR=14.5, step=6), dict(loss_L1=1.0, iter=6, step=6)])
    best = str(work / 'best_PSNR_iter_6.pth')
    parsed = parse_page(write_training_report(str(work), '', best=[('PSNR', best)],
                                              config_file='configs/p.py'))
    assert '14.5' in parsed.texts
    # quoted: the work dir's name has a space and a '#'
    assert f"python tools/test.py configs/p.py '{best}'" in parsed.texts


def test_coinciding_lines_are_drawn_in_different_styles(tmp_path, monkeypatch):
    drawn = []
    original = Axes.plot

    def plot(self, *args, **kwargs):
        drawn.append((kwargs['linestyle'], kwargs['marker']))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Axes, 'plot', plot)
    same = [(1, 2e-4), (2, 1e-4)]
    plot_curves({'learning rate': {'G.lr': same, 'D.lr': same}}, str(tmp_path / 'lr.png'))
    assert len(drawn) == 2 and drawn[0] != drawn[1]
    assert drawn[0][0] != drawn[1][0] and drawn[0][1] != drawn[1][1]
