"""The test and sampling galleries: every image and link resolves (URL-encoded), the columns
have readers' labels, the metrics are on top, a large split is paged and lazily loaded."""
import re

import numpy as np
import torch

from i2itools.apis.gallery import Gallery
from i2itools.apis.gallery_html import ROWS_PER_PAGE
from i2itools.apis.sampling import sample_labels
from i2itools.utils.visual_labels import role_labels, visual_label
from page_links import local_file, parse_page

ODD_STEMS = ['plain', 'a#b', '100%', 'with space', 'q?x', 'ü']


def _image(value=0.0, size=8):
    return torch.full((3, size, size), value)


def _all_links_resolve(page):
    parsed = parse_page(page)
    references = [image['src'] for image in parsed.images] + parsed.links
    for reference in references:
        assert local_file(page, reference).is_file(), reference
    return parsed


def test_odd_file_names_give_working_encoded_links(tmp_path):
    gallery = Gallery(tmp_path, ['A', 'fake_B', 'B'], 'test', labels=role_labels(
        ['A', 'fake_B', 'B'], {'A'}))
    for stem in ODD_STEMS:
        gallery.add(stem, dict(A=_image(), fake_B=_image(0.5), B=_image(1.0)),
                    grid=np.zeros((8, 24, 3), np.uint8))
    parsed = _all_links_resolve(gallery.write_html(dict(PSNR=12.5)))
    sources = [image['src'] for image in parsed.images]
    assert len(sources) == 3 * len(ODD_STEMS)
    assert 'images/a%23b_A.png' in sources and 'images/100%25_A.png' in sources
    assert 'grids/with%20space.png' in parsed.links and 'grids/q%3Fx.png' in parsed.links
    for stem in ODD_STEMS:
        assert stem in parsed.texts  # the name shown is the file's own


def test_columns_carry_labels_and_the_metrics_come_first(tmp_path):
    labels = role_labels(['A', 'fake_B', 'B'], {'A'})
    gallery = Gallery(tmp_path, ['A', 'fake_B', 'B'], 'test', labels=labels)
    gallery.add('x', dict(A=_image(), fake_B=_image(), B=_image()))
    path = gallery.write_html({'PSNR': 14.88841, 'L1': 0.1386})
    parsed = _all_links_resolve(path)
    assert parsed.headers[-3:] == ['input A', 'A → B', 'ground truth B']
    assert 'metrics.json' in parsed.links
    text = ' '.join(parsed.texts)
    assert text.index('PSNR') < text.index('input A')  # the table is above the gallery
    assert '14.89' in parsed.texts and '0.1386' in parsed.texts


def test_images_shrink_with_the_window_and_load_lazily(tmp_path):
    gallery = Gallery(tmp_path, ['A'], 'test')
    gallery.add('x', dict(A=_image(size=16)))
    html = open(gallery.write_html(), encoding='utf-8').read()
    assert 'name="viewport"' in html
    assert re.search(r'table\.gallery\{table-layout:fixed;width:100%', html)
    image = parse_page(tmp_path / 'index.html').images[0]
    assert image['loading'] == 'lazy' and (image['width'], image['height']) == ('16', '16')


def test_a_large_split_is_paged(tmp_path):
    gallery = Gallery(tmp_path, ['A'], 'test')
    count = 2 * ROWS_PER_PAGE + 5
    for index in range(count):
        gallery.add(f'{index:04d}', dict(A=_image(size=2)))
    gallery.write_html()
    pages = sorted(p.name for p in tmp_path.glob('index*.html'))
    assert pages == ['index.html', 'index_2.html', 'index_3.html']
    shown = [len(parse_page(tmp_path / name).images) for name in pages]
    assert shown == [ROWS_PER_PAGE, ROWS_PER_PAGE, 5]
    first = _all_links_resolve(tmp_path / 'index.html')
    assert {'index_2.html', 'index_3.html'} <= set(first.links)


def test_labels_of_the_configs_tensor_names():
    assert [visual_label(n) for n in ('A_1', 'fake_B', 'rec_A', 'fake_A', 'rec_B')] == [
        'A', 'A → B', 'A → B → A', 'B → A', 'B → A → B']
    assert visual_label('fake_B_encoded') == 'A → B, z = E(B)'
    assert visual_label('fake_B_random') == 'A → B, random z'
    assert visual_label('mu_random') == 'mu_random'  # outside the convention: as it is
    cyclegan = role_labels(['A', 'fake_B', 'B', 'fake_A'], {'A', 'B'})
    assert list(cyclegan.values()) == ['input A', 'A → B', 'input B', 'B → A']
    columns = ['input', 'ground_truth', 'encoded', 'sample_01', 'sample_12']
    assert list(sample_labels(columns).values()) == ['input', 'ground truth', 'encoded',
                                                     'sample 1', 'sample 12']
