"""Screenshots of the toolbox's pages for the docs, from short runs on the built-in data.

    python docs/screenshots/make_screenshots.py [--work DIR] [--chromium chromium]

Trains pix2pix (``synth_facades.py``, 300 iterations) and BicycleGAN (``z8_all.py``, 2,000
iterations, validated twice), writes the pix2pix test page, the BicycleGAN sampling page with 5
samples and the BicycleGAN ``report.html``, and photographs each with headless Chromium
(Debian's ``chromium`` package) in a 1280 px wide window into this folder, as PNGs made small.
About 10 minutes on a 2-core CPU; not part of the tests (they read the pages with an HTML
parser instead).
"""
import argparse
import os
import os.path as osp
import subprocess
import sys
import tempfile

from PIL import Image

HERE = osp.dirname(osp.abspath(__file__))
REPO = osp.dirname(osp.dirname(HERE))
WIDTH = 1280
#: the size a screenshot may have in the docs
MAX_BYTES = 300_000
QUIET = ['train_dataloader.num_workers=0', 'train_dataloader.persistent_workers=False']


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--work', help='folder for the runs (default: a new temporary one)')
    parser.add_argument('--chromium', default='chromium', help='the Chromium program')
    return parser.parse_args()


def tool(name, *args):
    """Run ``tools/<name>`` from the repository root; stop if it fails."""
    env = {**os.environ, 'PYTHONPATH': REPO}
    subprocess.run([sys.executable, osp.join('tools', name), *map(str, args)], cwd=REPO,
                   env=env, check=True)


def pix2pix_test_page(work):
    run = osp.join(work, 'pix2pix')
    tool('train.py', 'configs/pix2pix/synth_facades.py', '--work-dir', run, '--cfg-options',
         'train_cfg.max_iters=300', *QUIET)
    out = osp.join(run, 'test')
    tool('test.py', 'configs/pix2pix/synth_facades.py', osp.join(run, 'iter_300.pth'),
         '--num-test', 6, '--out', out)
    return osp.join(out, 'index.html')


def bicycle_pages(work):
    run = osp.join(work, 'bicycle')
    tool('train.py', 'configs/bicycle/z8_all.py', '--work-dir', run, '--cfg-options',
         'train_cfg.max_iters=2000', 'train_cfg.val_begin=1000', 'train_cfg.val_interval=1000',
         'default_hooks.checkpoint.interval=1000', 'default_hooks.samples.interval=500',
         'default_hooks.logger.interval=100', *QUIET)
    out = osp.join(run, 'samples5')
    tool('test.py', 'configs/bicycle/z8_all.py', osp.join(run, 'iter_2000.pth'),
         '--n-samples', 5, '--num-test', 8, '--out', out)
    return osp.join(out, 'index.html'), osp.join(run, 'report.html')


def screenshot(chromium, page, png, height):
    """``page`` in a ``WIDTH`` x ``height`` window, as ``png`` (at most ``MAX_BYTES``)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu',
                        '--disable-quic', '--no-first-run', '--disable-background-networking',
                        '--disable-component-update', '--disable-sync', '--hide-scrollbars',
                        f'--user-data-dir={profile}', f'--screenshot={png}',
                        f'--window-size={WIDTH},{height}', f'file://{osp.abspath(page)}'],
                       check=True, capture_output=True)
    image = Image.open(png).convert('RGB')
    image.save(png, optimize=True)
    if osp.getsize(png) > MAX_BYTES:  # curves and photos: 256 colours are plenty here
        image.quantize(256, dither=Image.Dither.NONE).save(png, optimize=True)
    print(f'{png}: {osp.getsize(png) // 1000} kB')


def main():
    args = parse_args()
    work = args.work or tempfile.mkdtemp(prefix='i2itools_screenshots_')
    test_page = pix2pix_test_page(work)
    sampling_page, report = bicycle_pages(work)
    screenshot(args.chromium, sampling_page, osp.join(HERE, 'bicycle_sampling_page.png'), 820)
    screenshot(args.chromium, test_page, osp.join(HERE, 'pix2pix_test_page.png'), 900)
    screenshot(args.chromium, report, osp.join(HERE, 'report.png'), 2200)


if __name__ == '__main__':
    main()
