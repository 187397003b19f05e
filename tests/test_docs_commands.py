"""Every fenced shell command of README.md and docs/getting_started.md runs, in order, in a
temp folder with tiny built-in data and short budgets: docs that drift from the code fail here.

A ```bash block may be preceded by a marker, one rule per line, that the reader never sees:

    <!-- docs-test
    tools/train.py += --cfg-options train_cfg.max_iters=2   (arguments added to the commands
                                                             holding the text left of +=)
    iter_6000 => iter_2                                     (text replaced in the block)
    skip: the reason                                        (the block is not run)
    -->

``python tools/X.py ...`` runs in this process (the tool's ``main`` through ``run_cli``, its
arguments expanded by bash: braces, globs, variables); other commands run in bash, with
``python`` and ``.venv/bin/python`` being this interpreter. ``/tmp/`` in a command means the
temp folder's ``tmp/``. The folder holds links to i2itools/, configs/, tools/ and plugins/ and the
built-in datasets the configs read, made small (a config uses an existing data folder as it is).
"""
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from mmengine.logging import MessageHub, MMLogger
from mmengine.registry import DefaultScope
from mmengine.visualization import Visualizer

from i2itools.datasets.synthetic import write_builtin
from i2itools.utils.cli_errors import run_cli

REPO = Path(__file__).resolve().parents[1]
DOCS = ['README.md', 'docs/getting_started.md']
BLOCK = re.compile(r'(?:<!-- docs-test\n(?P<rules>.*?)-->\n)?```(?:bash|sh)\n(?P<body>.*?)```',
                   re.S)
TOOL = re.compile(r'^python3? (tools/\w+\.py)\b(.*)$', re.S)
COMMENT = re.compile(r'\s+#')
#: the data the configs read, small: (name, folder, generator options)
TINY_DATA = [('synth_shapes', 'data/synth_shapes_32', dict(size=32, num_train=4, num_val=2,
                                                           num_test=2)),
             ('synth_stripes', 'data/synth_stripes_64', dict(size=64, num_train=2, num_test=2)),
             ('synth_facades', 'data/synth_facades', dict(size=64, num_train=2, num_val=2,
                                                          num_test=2)),
             ('synth_facades', 'data/synth_facades_96', dict(size=96, num_train=2, num_val=1,
                                                             num_test=2))]


def test_rules_and_commands_are_read_as_documented():
    text = ('<!-- docs-test\ntools/train.py += --cfg-options a=1\nx_6 => x_2\n-->\n```bash\n'
            'python tools/train.py c.py \\\n    --work-dir /tmp/w   # comment\n'
            'python tools/test.py c.py x_6.pth\n```\n```text\npython tools/no.py\n```\n')
    (rules, commands), = blocks(text)
    assert commands == ['python tools/train.py c.py --work-dir /tmp/w   # comment',
                        'python tools/test.py c.py x_6.pth']
    applied = [apply_rules(c, rules, Path('/w')) for c in commands]
    assert applied == ['python tools/train.py c.py --work-dir /w/tmp/w --cfg-options a=1 # comment',
                       'python tools/test.py c.py x_2.pth']


@pytest.mark.parametrize('doc', DOCS)
def test_every_documented_command_runs(doc, tmp_path, monkeypatch):
    workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('PATH', f'{tmp_path / "bin"}{os.pathsep}{os.environ["PATH"]}')
    # the processes a tool starts import this checkout's package, as an installed one would be
    monkeypatch.setenv('PYTHONPATH', str(REPO))
    ran = 0
    for rules, commands in blocks((REPO / doc).read_text(encoding='utf-8')):
        if 'skip' in rules:
            continue
        for command in commands:
            run(apply_rules(command, rules, tmp_path), tmp_path)
            ran += 1
    assert ran > 10


def blocks(text):
    """``(rules, commands)`` of each ```bash block: commands are its lines with the
    continuations joined, comment lines left out."""
    found = []
    for match in BLOCK.finditer(text):
        body = re.sub(r'\s*\\\n\s*', ' ', match.group('body'))
        commands = [line.strip() for line in body.splitlines()
                    if line.strip() and not line.startswith('#')]
        found.append((parse_rules(match.group('rules') or ''), commands))
    return found


def parse_rules(text):
    """``{'skip': reason, 'append': {text: args}, 'replace': [(old, new)]}`` of a marker."""
    rules = dict(append={}, replace=[])
    for line in filter(None, (line.strip() for line in text.splitlines())):
        if line.startswith('skip:'):
            rules['skip'] = line[5:].strip()
        elif ' += ' in line:
            text, args = line.split(' += ', 1)
            rules['append'][text.strip()] = args.strip()
        elif ' => ' in line:
            rules['replace'].append(tuple(part.strip() for part in line.split(' => ', 1)))
        else:
            raise ValueError(f'docs-test marker: cannot read the rule {line!r}')
    return rules


def apply_rules(command, rules, root):
    """``command`` with the marker's replacements, /tmp/ moved under ``root`` and the
    arguments the marker adds to the commands holding their text (before a trailing comment)."""
    for old, new in rules['replace']:
        command = command.replace(old, new)
    command = command.replace('/tmp/', f'{root}/tmp/')
    code, *comment = COMMENT.split(command, 1)
    for text, args in rules['append'].items():
        if text in code:
            code = f'{code} {args}'
    return ' #'.join([code, *comment])


def run(command, root):
    """Run one command; fail with the command and its exit status."""
    tool = TOOL.match(command)
    if tool is None:
        done = subprocess.run(['bash', '-c', command], cwd=root, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, f'{command}\n{done.stdout[-2000:]}{done.stderr[-3000:]}'
        return
    argv = expanded(tool.group(2), root)
    fresh_mmengine_state()
    module = load_tool(REPO / tool.group(1))
    try:
        run_cli(module.main, argv)
    except SystemExit as stop:
        assert stop.code in (None, 0), f'{command}\nexit status {stop.code}'


def expanded(arguments, root):
    """The argv bash makes of ``arguments`` (braces, globs, variables; comments dropped)."""
    done = subprocess.run(['bash', '-c', f'printf "%s\\0" {arguments}'], cwd=root,
                          capture_output=True, text=True, check=True)
    return [a for a in done.stdout.split('\0') if a] if arguments.strip() else []


def load_tool(path):
    """A fresh import of the tool script at ``path``."""
    spec = importlib.util.spec_from_file_location(f'docs_tool_{path.stem}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fresh_mmengine_state():
    """Forget the loggers, message hubs, scopes and visualizers of earlier runs, as a new
    process would (two runs of one config in one second would share them)."""
    for logger in MMLogger._instance_dict.values():
        for handler in list(logger.handlers):
            handler.close()
            logger.removeHandler(handler)
    for kind in (MMLogger, MessageHub, DefaultScope, Visualizer):
        kind._instance_dict.clear()


def workspace(root):
    """Links to the repository's package, configs, tools and plugins (as in a checkout), the
    tiny data, and ``python``."""
    for name in ('i2itools', 'configs', 'tools', 'plugins'):
        (root / name).symlink_to(REPO / name)
    for name, folder, options in TINY_DATA:
        write_builtin(name, str(root / folder), **options)
    for folder in ('bin', '.venv/bin'):  # a script, not a link: a venv's python finds its
        (root / folder).mkdir(parents=True)  # packages relative to the path it was started by
        shim = root / folder / 'python'
        shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n')
        shim.chmod(0o755)
    (root / 'tmp').mkdir()
