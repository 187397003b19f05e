"""Gathers, batch by batch, what the training health check compares: the inputs and outputs of
each translation a model's test branches make (see :mod:`.training_health`)."""
import torch
import torch.nn.functional as F

from .training_health import translation_health


def translations(model):
    """``(name, input, output)`` for each test-branch output that one net makes from one image
    of the batch, e.g. ``('AtoB: A -> fake_B', 'A', 'fake_B')``; reconstructions (two nets) and
    outputs that also read the target (an encoded output) are left out, and so are outputs that
    are no images (an encoder's code), when the first batch shows them."""
    found = []
    for branch_name, branch in model.test_branches.items():
        for output in branch.provides:
            nets, inputs = branch.sources(output)
            if len(nets) == 1 and len(inputs) == 1 and inputs[0] in model.data_keys:
                found.append((f'{branch_name}: {inputs[0]} -> {output}', inputs[0], output))
    return found


class HealthSamples:
    """The inputs and outputs of a model's translations over some batches: at most
    ``max_inputs`` inputs, scaled down to sides of at most ``max_side`` px (enough to tell a
    copy or a collapse, and cheap to keep)."""

    def __init__(self, model, max_inputs=64, max_side=128):
        self.model = model
        self.max_inputs = max_inputs
        self.max_side = max_side
        self.pairs = {name: ([], []) for name, _, _ in translations(model)}
        self._keys = {name: (source, output) for name, source, output in translations(model)}

    def add(self, data_batch, outputs):
        """Keep the inputs of ``data_batch`` (raw, as the loader gives it) and the per-sample
        ``outputs`` of the model's test step on it."""
        if not self.pairs or self.full:
            return
        tensors = self.model.data_preprocessor(data_batch, False)
        room = self.max_inputs - self.count
        for name, (source, output) in self._keys.items():
            if source not in tensors or not outputs or getattr(
                    outputs[0].get(output), 'dim', lambda: 0)() not in (3, 4):
                continue
            kept_inputs, kept_outputs = self.pairs[name]
            kept_inputs.append(self._small(tensors[source][:room].detach().float().cpu()))
            kept_outputs.append(self._small(torch.stack([o[output] for o in outputs[:room]])))

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

    def _small(self, images):
        """``images`` (N x C x H x W, or N x K x C x H x W) with sides of at most max_side."""
        height, width = images.shape[-2:]
        if max(height, width) <= self.max_side:
            return images
        scale = self.max_side / max(height, width)
        size = (max(1, round(height * scale)), max(1, round(width * scale)))
        flat = images.reshape(-1, *images.shape[-3:]).float()
        return F.interpolate(flat, size=size, mode='area').reshape(*images.shape[:-2], *size)
