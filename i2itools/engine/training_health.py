"""Is it translating? Numbers that tell a run that stopped translating, and the warnings they give.

The most common complaint about these models is that "no translation happens": the output
equals the input, or is the same image whatever the input, or ignores the latent code, and the
user finds out days later. Three ratios tell, each against how different the inputs are (so they
need no threshold in pixels, and mean the same at any image size):

- **change**: the mean distance between an output and its input;
- **spread**: the mean distance between the outputs of two different inputs;
- **z spread**: for models that sample a latent code, the mean distance between two outputs of
  the same input under different codes, against the spread of the outputs.

Distances are mean absolute differences in [0, 1] (a share of the value range); images of other
channel counts are compared by their channel means. A discriminator's accuracy (the share of its
patch decisions that were right, on real and on fake images) over the iterations since the last
check tells whether it has won or lost completely.
"""
from dataclasses import dataclass
from typing import Optional

import torch
import torch.nn.functional as F

#: output closer to its input than this share of the inputs' spread: "nearly the input"
IDENTITY_SHARE = 0.1
#: outputs of different inputs closer than this share of the inputs' spread: "the same output"
COLLAPSE_SHARE = 0.1
#: samples of one input closer than this share of the outputs' spread: "ignores z"
Z_SHARE = 0.05
#: D right this often on real and on fake images: it has won
WON = 0.98
#: D right this seldom on fake images (it takes them for real): it has lost
LOST = 0.01
#: iterations a discriminator's accuracy must cover before it is judged
MIN_D_ITERATIONS = 50
#: the file of a work dir that holds every check's numbers and warnings
HEALTH_FILE = 'health.json'


@dataclass
class TranslationHealth:
    """The health numbers of one translation, e.g. ``A -> fake_B`` (see the module doc)."""
    name: str
    change: float
    input_spread: float
    output_spread: float
    z_spread: Optional[float] = None

    def summary(self):
        z = f', z spread {self.z_spread:.2%}' if self.z_spread is not None else ''
        return (f'{self.name}: change {self.change:.2%}, spread {self.output_spread:.2%} '
                f'(inputs {self.input_spread:.2%}){z}')


def translation_health(name, inputs, outputs):
    """The :class:`TranslationHealth` of ``outputs`` (N x C x H x W, or N x K x C x H x W for K
    samples per input) made from ``inputs`` (N x C' x H x W), all in [-1, 1]."""
    samples = outputs if outputs.dim() == 5 else None
    first = outputs[:, 0] if samples is not None else outputs
    if first.shape[1] != inputs.shape[1]:
        first_cmp, inputs_cmp = first.mean(1, keepdim=True), inputs.mean(1, keepdim=True)
    else:
        first_cmp, inputs_cmp = first, inputs
    if first_cmp.shape[-2:] != inputs_cmp.shape[-2:]:
        inputs_cmp = F.interpolate(inputs_cmp, size=first_cmp.shape[-2:], mode='area')
    z_spread = None
    if samples is not None and samples.shape[1] > 1:
        z_spread = _distance(samples[:, :-1], samples[:, 1:])
    return TranslationHealth(name, _distance(first_cmp, inputs_cmp), _spread(inputs),
                             _spread(first), z_spread)


def _distance(a, b):
    return float((a.float() - b.float()).abs().mean()) / 2


def _spread(images):
    """Mean distance between neighbouring images of the batch (each with the next)."""
    if len(images) < 2:
        return float('nan')
    return _distance(images[:-1], images[1:])


def translation_warnings(health):
    """Warnings (text) for a :class:`TranslationHealth` that shows no translation."""
    found = []
    if health.change < IDENTITY_SHARE * health.input_spread:
        found.append(
            f'{health.name}: the output is nearly its input (they differ by {health.change:.2%} '
            f'of the value range on average, two inputs by {health.input_spread:.2%}): the '
            'generator copies its input. What usually helps: a loss that pulls the output '
            'towards the target domain (the adversarial term; a cycle or identity loss alone is '
            'met by copying), lower cycle or identity weights, or more iterations.')
    if health.output_spread < COLLAPSE_SHARE * health.input_spread:
        found.append(
            f'{health.name}: every input gives nearly the same output (outputs differ by '
            f'{health.output_spread:.2%}, inputs by {health.input_spread:.2%}): the generator '
            'ignores its input. What usually helps: a loss that ties the output to its input '
            '(L1 to the target, a cycle loss), a conditional discriminator, a lower learning '
            'rate, or restarting from an earlier checkpoint.')
    elif health.z_spread is not None and health.z_spread < Z_SHARE * health.output_spread:
        found.append(
            f'{health.name}: the samples of one input are nearly the same (they differ by '
            f'{health.z_spread:.2%}, outputs of different inputs by {health.output_spread:.2%}):'
            ' the generator ignores the latent code. What usually helps: the latent regression '
            'and KL terms (BicycleGAN), adding z to every layer (injection=\'all\'), or a larger '
            'latent loss weight.')
    return found


@dataclass
class Judgement:
    """A discriminator's mean accuracy on real and on fake images over ``iterations``."""
    term: str
    real: float
    fake: float
    iterations: int
    first: int
    last: int

    def summary(self):
        return f'{self.term} D right on {self.real:.1%} of real, {self.fake:.1%} of fake'


def judgement(term, accuracies, first, last):
    """The :class:`Judgement` of ``accuracies`` (``dict(real=, fake=)`` of 0-dim tensors, one
    per iteration ``first`` to ``last``)."""
    real = float(torch.stack([a['real'].float().cpu() for a in accuracies]).mean())
    fake = float(torch.stack([a['fake'].float().cpu() for a in accuracies]).mean())
    return Judgement(term, real, fake, len(accuracies), first, last)


def judgement_warnings(judged):
    """Warnings (text) for a :class:`Judgement` of a discriminator that won or lost."""
    if judged.iterations < MIN_D_ITERATIONS:
        return []
    span = f'iterations {judged.first}-{judged.last}'
    if judged.real >= WON and judged.fake >= WON:
        return [f'{judged.term}: D told real from fake in {judged.real:.1%} / {judged.fake:.1%} '
                f'of its decisions over {span}: it has won, and the generator gets little '
                'gradient from it. What usually helps: checking that the generator learns (its '
                'learning rate, nets left frozen), a lower learning rate or fewer layers for D, '
                'lsgan instead of vanilla, or a larger weight on the adversarial term.']
    if judged.fake <= LOST:
        return [f'{judged.term}: D took {1 - judged.fake:.1%} of the fakes for real over {span}: '
                'it has lost, and no longer guides the generator. What usually helps: a larger '
                'D (layers, channels) or learning rate, an image pool, or checking what D is '
                'shown (its condition and real images).']
    return []
