"""Gathers, batch by batch, what the training health check compares: the inputs and outputs of
each translation a model's test branches make (see :mod:`.training_health`)."""
import torch
import torch.nn.functional as F

from i2itools.utils.loader_batches import loader_batches

from .rng_states import preserved_rng_states
from .training_health import translation_health


def translations(model):
    """``(name, branch, input, output)`` for each test-branch output that one net makes from one
    image of the batch, e.g. ``('AtoB: A -> fake_B', 'AtoB', 'A', 'fake_B')``; reconstructions
    (two nets) and outputs that also read the target (an encoded output) are left out, and so
    are outputs that are no images (an encoder's code), when the first batch shows them."""
    found = []
    for branch_name, branch in model.test_branches.items():
        for output in branch.provides:
            nets, inputs = branch.sources(output)
            if len(nets) == 1 and len(inputs) == 1 and inputs[0] in model.data_keys:
                found.append((f'{branch_name}: {inputs[0]} -> {output}', branch_name, inputs[0],
                              output))
    return found


def drawn_code(branch):
    """The name of the latent code a branch draws (an output computed from nothing, such as a
    ``RandomBranch``'s ``z_random``), or None."""
    return next((o for o in branch.provides if branch.sources(o) == ((), ())), None)


class HealthSamples:
    """The inputs and outputs of a model's translations over some batches: at most
    ``max_inputs`` inputs, scaled down to sides of at most ``max_side`` px (enough to tell a
    copy or a collapse, and cheap to keep).

    An output made from a latent code the branch draws (BicycleGAN's ``fake_B_random``) is made
    again for every input under one code, the first input's: the outputs of different inputs
    then differ only by their inputs, so the spread tells whether the generator follows its
    input. Several codes per input (a ``SamplesBranch``) are kept as they are, for the spread
    over z.
    """

    def __init__(self, model, max_inputs=64, max_side=128):
        self.model = model
        self.max_inputs = max_inputs
        self.max_side = max_side
        self._keys = {name: (branch, source, output)
                      for name, branch, source, output in translations(model)}
        self.pairs = {name: ([], []) for name in self._keys}
        self._codes = {}

    def add(self, data_batch, outputs):
        """Keep the inputs of ``data_batch`` (raw, as the loader gives it) and the per-sample
        ``outputs`` of the model's test step on it."""
        if not self.pairs or self.full:
            return
        tensors = self.model.data_preprocessor(data_batch, False)
        room = self.max_inputs - self.count
        for name, (branch, source, output) in self._keys.items():
            if source not in tensors or not outputs or getattr(
                    outputs[0].get(output), 'dim', lambda: 0)() not in (3, 4):
                continue
            inputs = tensors[source][:room]
            made = self._under_one_code(name, branch, source, output, inputs, outputs)
            kept_inputs, kept_outputs = self.pairs[name]
            kept_inputs.append(self._small(inputs.detach().float().cpu()))
            kept_outputs.append(self._small(made[:room].detach().float().cpu()))

    def _under_one_code(self, name, branch, source, output, inputs, outputs):
        code = drawn_code(self.model.test_branches[branch])
        if code is None or code not in outputs[0]:
            return torch.stack([o[output] for o in outputs])
        shared = self._codes.setdefault(name, outputs[0][code][None])
        with torch.no_grad():
            made = self.model.run_test_branch(branch, {
                source: inputs, code: shared.to(inputs.device).expand(len(inputs), -1)})
        return made[output]

    @property
    def count(self):
        return max((sum(len(x) for x in inputs) for inputs, _ in self.pairs.values()), default=0)

    @property
    def full(self):
        return self.count >= self.max_inputs

    def health(self):
        """A :class:`~.training_health.TranslationHealth` for each translation seen."""
        return [translation_health(name, torch.cat(inputs), torch.cat(outputs))
                for name, (inputs, outputs) in self.pairs.items() if inputs]

    def add_loader(self, loader, seed=0):
        """Run the model on the batches of ``loader`` until enough inputs are kept, in eval mode
        and with the random generators seeded with ``seed`` (as ``ValidationLoop`` does), then
        put the model's mode and the generators back."""
        was_training = self.model.training
        self.model.eval()
        with preserved_rng_states(), torch.no_grad(), loader_batches(loader) as batches:
            torch.manual_seed(seed)
            for batch in batches:
                self.add(batch, self.model.test_step(batch))
                if self.full:
                    break
        self.model.train(was_training)
        return self

    def _small(self, images):
        """``images`` (N x C x H x W, or N x K x C x H x W) with sides of at most max_side."""
        height, width = images.shape[-2:]
        if max(height, width) <= self.max_side:
            return images
        scale = self.max_side / max(height, width)
        size = (max(1, round(height * scale)), max(1, round(width * scale)))
        flat = images.reshape(-1, *images.shape[-3:]).float()
        return F.interpolate(flat, size=size, mode='area').reshape(*images.shape[:-2], *size)
