"""The printed objective of each paper's configs says what the paper says: which weighted terms
each step optimises and which nets each term trains."""
import re
from pathlib import Path

import pytest
from mmengine.config import Config

from i2itools.apis import build_model

CONFIGS = Path(__file__).resolve().parents[2] / 'configs'

#: BicycleGAN (Zhu et al. 2017, eq. 8): the cVAE-GAN terms on the first half (GAN, L1, KL, which
#: train G and E), the cLR-GAN terms on the random samples (GAN2, latent L1 training G only)
BICYCLE_G = {
    '1·lsgan(D(fake_B_encoded), real)': 'G, E',
    '1·lsgan(D2(fake_B_random), real)': 'G',
    '10·L1(fake_B_encoded, B_1)': 'G, E',
    '0.01·KL(mu, logvar)': 'E',
    '0.5·L1(mu_random, z_random)': 'G',
}
BICYCLE_D = {
    '1·[lsgan(D(B_1), real) + lsgan(D(fake_B_encoded), fake)]': 'D',
    '1·[lsgan(D2(B_2), real) + lsgan(D2(fake_B_random), fake)]': 'D2',
}
#: pix2pix (Isola et al. 2017, eq. 4): conditional GAN + 100 L1, D first, D loss halved
PIX2PIX = {
    'D step (updates D)': {'0.5·[vanilla(D(A, B), real) + vanilla(D(A, fake_B), fake)]': 'D'},
    'G step (updates G)': {'1·vanilla(D(A, fake_B), real)': 'G', '100·L1(fake_B, B)': 'G'},
}
#: CycleGAN (Zhu et al. 2017, eq. 3 and the identity loss of section 5.2), generators first
CYCLEGAN = {
    'G step (updates G_A, G_B)': {
        '1·lsgan(D_A(fake_B), real)': 'G_A', '1·lsgan(D_B(fake_A), real)': 'G_B',
        '10·L1(rec_A, A)': 'G_A, G_B', '10·L1(rec_B, B)': 'G_A, G_B',
        '5·L1(idt_A, B)': 'G_A', '5·L1(idt_B, A)': 'G_B'},
    'D step (updates D_A, D_B)': {
        '0.5·[lsgan(D_A(B), real) + lsgan(D_A(pool(fake_B)), fake)]': 'D_A',
        '0.5·[lsgan(D_B(A), real) + lsgan(D_B(pool(fake_A)), fake)]': 'D_B'},
}
BICYCLE = {'G step (updates G, E)': BICYCLE_G, 'D step (updates D, D2)': BICYCLE_D}
EXPECTED = {
    'pix2pix/synth_facades.py': PIX2PIX,
    'pix2pix/facades.py': PIX2PIX,
    'cyclegan/synth_stripes.py': CYCLEGAN,
    'cyclegan/horse2zebra.py': CYCLEGAN,
    **{f'bicycle/{name}.py': BICYCLE for name in (
        'z8_all', 'z8_input', 'z2_all', 'z256_all', 'z8_all_ema', 'edges2shoes_z8_all',
        'facades_z8_all')},
    # cVAE-GAN: the encoded branch on the whole batch; no random samples, no D2, no latent loss
    'bicycle/cvae_gan.py': {
        'G step (updates G, E)': {'1·lsgan(D(fake_B_encoded), real)': 'G, E',
                                  '10·L1(fake_B_encoded, B)': 'G, E', '0.01·KL(mu, logvar)': 'E'},
        'D step (updates D)': {'1·[lsgan(D(B), real) + lsgan(D(fake_B_encoded), fake)]': 'D'},
    },
    # cLR-GAN: random z only; no L1 to B, no KL; the latent loss trains G and E
    'bicycle/clr_gan.py': {
        'G step (updates G, E)': {'1·lsgan(D2(fake_B_random), real)': 'G',
                                  '0.5·L1(mu_random, z_random)': 'G, E'},
        'D step (updates D2)': {'1·[lsgan(D2(B_2), real) + lsgan(D2(fake_B_random), fake)]': 'D2'},
    },
    # CUT (Park et al. 2020, eq. 5): GAN + NCE(A, G(A)) + identity NCE(B, G(B)), each NCE
    # halved; the NCE terms train G and the patch sampler F; D first
    'cut/cut_synth_stripes.py': {
        'D step (updates D)': {'0.5·[lsgan(D(B), real) + lsgan(D(fake_B), fake)]': 'D'},
        'G step (updates G, F)': {'1·lsgan(D(fake_B), real)': 'G',
                                  '0.5·PatchNCE(patches_fake_B, patches_A)': 'G, F',
                                  '0.5·PatchNCE(patches_idt_B, patches_B)': 'G, F'},
    },
    # FastCUT: no identity NCE, lambda_NCE 10 (its flip equivariance is a branch, not a term)
    'cut/fastcut_synth_stripes.py': {
        'D step (updates D)': {'0.5·[lsgan(D(B), real) + lsgan(D(fake_B), fake)]': 'D'},
        'G step (updates G, F)': {'1·lsgan(D(fake_B), real)': 'G',
                                  '10·PatchNCE(patches_fake_B, patches_A)': 'G, F'},
    },
    # pix2pix + noise: no E, z ignored by every term but the GAN and L1 of pix2pix
    'bicycle/pix2pix_noise.py': {
        'G step (updates G)': {'1·lsgan(D(fake_B), real)': 'G', '10·L1(fake_B, B)': 'G'},
        'D step (updates D)': {'1·[lsgan(D(B), real) + lsgan(D(fake_B), fake)]': 'D'},
    },
}


def _steps(text):
    """``{step header: {term: nets}}`` of a printed objective, steps in printed order."""
    steps, current = {}, None
    for line in text.splitlines():
        if line.endswith(':') and 'step' in line:
            current = steps[line[:-1]] = {}
        elif current is not None:
            term, nets = re.match(r'\s+(.*?)\s+→ (.*)', line).groups()
            current[term] = nets
    return steps


@pytest.mark.parametrize('config', EXPECTED)
def test_objective_is_the_papers(config):
    cfg = Config.fromfile(str(CONFIGS / config))
    steps = _steps(build_model(cfg, 'cpu').objective())
    assert steps == EXPECTED[config]
    first = 'D step' if config.startswith(('pix2pix/', 'cut/')) else 'G step'
    assert next(iter(steps)).startswith(first)   # pix2pix and CUT update D first, the others G


def test_the_latent_branch_is_shown_with_its_frozen_encoder():
    text = build_model(Config.fromfile(str(CONFIGS / 'bicycle/z8_all.py')), 'cpu').objective()
    assert 'latent: mu_random = E(fake_B_random).mu   [E frozen' in text
    assert 'split: A_1, A_2 = halves of A; B_1, B_2 = halves of B' in text
