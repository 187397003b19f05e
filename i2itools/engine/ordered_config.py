"""A Config whose saved text keeps the order of its dicts, which a Translator's config relies on."""
import functools

import yapf
from mmengine.config import Config
from mmengine.utils import digit_version
from yapf.yapflib.yapf_api import FormatCode

#: mmengine's formatting of config text
YAPF_STYLE = dict(based_on_style='pep8', blank_line_before_nested_class_or_def=True,
                  split_before_expression_after_opening_paren=True)


class OrderedConfig(Config):
    """mmengine's ``Config`` with a ``pretty_text`` that keeps every dict in its own order.

    mmengine writes dict keys sorted (in ``pretty_text``, hence in the config copy of each work
    dir and in every checkpoint's ``meta['cfg']``). Order carries meaning in a Translator's
    config: nets are built and initialised in order (the random numbers a seeded run starts
    from), branches and adversarial terms run in order (the random numbers each draws), so a
    saved config must keep it to rebuild the same model.
    """

    @classmethod
    def of(cls, cfg):
        """The same config (dict, text, file name) as an ``OrderedConfig``."""
        return cls(cfg._cfg_dict, cfg_text=cfg.text, filename=cfg.filename,
                   env_variables=cfg.env_variables)

    @property
    def pretty_text(self):
        return _formatted('\n'.join(f'{key} = {_literal(value)}'
                                    for key, value in self.to_dict().items()))


@functools.lru_cache(maxsize=8)
def _formatted(text):
    """``text`` formatted by yapf, once per text: a run saves the same config text with every
    checkpoint, and yapf takes a second or more on a config's long one-line dicts."""
    if digit_version(yapf.__version__) >= digit_version('0.40.2'):
        return FormatCode(text, style_config=YAPF_STYLE)[0]
    return FormatCode(text, style_config=YAPF_STYLE, verify=True)[0]


def _literal(value):
    """Python source for ``value`` with dicts written in their own order."""
    if isinstance(value, dict):
        if all(isinstance(key, str) and key.isidentifier() for key in value):
            return 'dict(' + ', '.join(f'{k}={_literal(v)}' for k, v in value.items()) + ')'
        return '{' + ', '.join(f'{_literal(k)}: {_literal(v)}' for k, v in value.items()) + '}'
    if isinstance(value, list):
        return '[' + ', '.join(_literal(v) for v in value) + ']'
    if isinstance(value, tuple):
        return '(' + ''.join(f'{_literal(v)}, ' for v in value) + ')'
    return repr(value)
