"""Saved configs keep the order of their dicts: nets are built, and branches run, in that order."""
from pathlib import Path

from mmengine.config import Config

from i2itools.engine.config_loading import load_config

REPO = Path(__file__).resolve().parents[2]


def test_saved_text_keeps_the_order_of_nets_branches_and_terms():
    cfg = load_config(str(REPO / 'configs' / 'bicycle' / 'z8_all.py'))
    saved = Config.fromstring(cfg.pretty_text, '.py')
    assert list(saved.model.nets) == ['G', 'D', 'D2', 'E']   # mmengine's text sorts: D, D2, E, G
    assert list(saved.model.branches) == ['split', 'encoded', 'random', 'latent']
    assert saved.to_dict() == cfg.to_dict()


def test_saved_text_is_what_mmengine_would_write_but_for_the_order():
    cfg = load_config(str(REPO / 'configs' / 'cyclegan' / 'synth_stripes.py'))
    plain = Config(cfg.to_dict())
    assert Config.fromstring(plain.pretty_text, '.py').to_dict() == \
        Config.fromstring(cfg.pretty_text, '.py').to_dict()
    assert cfg.pretty_text != plain.pretty_text


def test_the_same_text_is_formatted_once_and_a_changed_config_anew(monkeypatch):
    """A run saves its config with every checkpoint; yapf takes seconds on it each time."""
    from i2itools.engine import ordered_config
    calls = []
    monkeypatch.setattr(ordered_config, 'FormatCode',
                        lambda text, **style: calls.append(text) or (text, False))
    ordered_config._formatted.cache_clear()
    try:
        cfg = load_config(str(REPO / 'configs' / 'pix2pix' / 'synth_facades.py'))
        first = cfg.pretty_text
        assert cfg.pretty_text == first and len(calls) == 1
        cfg.train_cfg.max_iters = 7
        assert 'max_iters=7' in cfg.pretty_text and len(calls) == 2
    finally:
        ordered_config._formatted.cache_clear()  # it holds the texts left unformatted here
