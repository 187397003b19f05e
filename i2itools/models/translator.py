"""The one generic image-to-image translation GAN: named nets, branches that make fakes, losses."""
from contextlib import ExitStack, contextmanager

import torch
from mmengine.model import BaseModel, is_model_wrapper
from mmengine.optim import OptimWrapperDict
from torch import nn

from i2itools.registry import MODELS
from .adversarial_term import AdversarialTerm
from .common import init_weights
from .common.matmul_convolution import MAX_PIXELS, use_matmul_for_small_outputs
from .frozen_net import FrozenNet
from .joint_update import update_together
from .objective import describe_objective
from .restricted_losses import freeze_for_restricted_losses
from .tensor_graph import in_dependency_order
from .tensor_names import check_tensor_names

DEFAULT_INIT = dict(type='normal', gain=0.02)
PHASES = ('D', 'G')


@MODELS.register_module()
class Translator(BaseModel):
    """Trains any pix2pix / CycleGAN / BicycleGAN variant described by its config.

    Args:
        nets: name -> config of every network. A net config may carry its own
            ``init=dict(type=..., gain=...)``, which overrides ``init``. Nets are built (and
            initialised, drawing random numbers) in this order.
        branches: name -> config of a branch; branches run in order on each batch (a branch
            after those making the tensors it reads) and add named tensors (the fakes) to the
            batch's tensors. A branch config may carry
            ``frozen``: nets the branch runs with their weights as constants, so that its outputs
            pass gradient to the nets before them but not to these (BicycleGAN's latent branch
            encodes G's random sample with ``frozen=('E',)``: its loss trains G only).
        adversarial: name -> arguments of an :class:`AdversarialTerm` (a discriminator judging
            one kind of fake). Nets named here are the discriminators; all other nets with
            parameters are updated in the generator step.
        losses: name -> config of a loss on the generator side, with ``inputs``: a dict mapping
            the loss's arguments to tensor names, e.g. ``inputs=dict(pred='fake_B', target='B')``.
        train_order: ('D', 'G') updates the discriminators first (pix2pix); ('G', 'D') the
            generators first (CycleGAN, BicycleGAN).
        init: weight init of every net: ``dict(type='normal'|'xavier'|'kaiming'|'orthogonal',
            gain=0.02)``.
        visuals: names of the tensors shown in training sample grids, in column order.
        test_branches: branches run at test time; defaults to ``branches``.
        test_visuals: names of the tensors shown in test galleries; defaults to ``visuals``.
        test_mode: network mode of ``tools/test.py`` unless told otherwise: 'train' (batch
            statistics and dropout, as pytorch-CycleGAN-and-pix2pix tests) or 'eval' (as the
            BicycleGAN reference tests).
        data_keys: names of the image tensors a training batch holds (the dataset's items).
        data_preprocessor: config of the data preprocessor.

    An entry of ``nets``, ``branches``, ``adversarial`` or ``losses`` set to None is left out, so a
    config (or ``--cfg-options model.losses.idt_A=None``) can switch off a part of its base.
    Every net and tensor name is checked when the model is built; a misspelt one fails then,
    with the closest known names.

    Each training iteration makes the fakes once, then runs the steps in ``train_order``: the
    D step updates every discriminator on real vs detached fakes, the G step freezes the
    discriminators and updates the other nets on the sum of the adversarial and other losses.
    Each step is one backward pass through its nets' optimizer wrappers (mixed precision, loss
    scaling and gradient accumulation as configured); :meth:`objective` prints what each step
    optimises and which nets each term trains.
    """

    def __init__(self, nets, branches, adversarial=None, losses=None, train_order=('D', 'G'),
                 init=DEFAULT_INIT, visuals=('A', 'fake_B', 'B'), test_branches=None,
                 test_visuals=None, test_mode='train', data_keys=('A', 'B'),
                 data_preprocessor=dict(type='TranslationDataPreprocessor')):
        nets, branches, adversarial, losses = map(_present, (nets, branches, adversarial, losses))
        if isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(data_preprocessor)
        super().__init__(data_preprocessor=data_preprocessor)
        self.branches = _build_branches(branches)
        self.test_branches = (_build_branches(_present(test_branches)) if test_branches
                              else self.branches)
        self.adversarial = nn.ModuleDict(
            {name: AdversarialTerm(**cfg) for name, cfg in adversarial.items()})
        self.losses = nn.ModuleDict()
        self.loss_inputs = {}
        for name, cfg in freeze_for_restricted_losses(self.branches, self.adversarial,
                                                      losses).items():
            cfg = dict(cfg)
            self.loss_inputs[name] = dict(cfg.pop('inputs'))
            self.losses[name] = MODELS.build(cfg)
        if any(phase not in PHASES for phase in train_order):
            raise ValueError(f'train_order {train_order} may only contain {PHASES}')
        self.train_order = tuple(train_order)
        self.visuals = tuple(visuals)
        self.test_visuals = tuple(test_visuals or visuals)
        if test_mode not in ('train', 'eval'):
            raise ValueError(f"test_mode must be 'train' or 'eval', got {test_mode!r}")
        self.test_mode = test_mode
        self.data_keys = tuple(data_keys)
        self.latest_visuals = {}
        #: term name -> ``dict(real=, fake=)``: how often each discriminator was right in the
        #: last D step (see :attr:`AdversarialTerm.latest_accuracy`)
        self.latest_judgements = {}
        # nets come last, so that a net name shadowing any attribute above is caught
        self.net_names = tuple(nets)
        for name, cfg in nets.items():
            self._add_net(name, dict(cfg), init)
        self.discriminator_names = tuple(dict.fromkeys(t.discriminator for t in self.adversarial.values()))
        self.generator_names = tuple(
            n for n in self.net_names
            if n not in self.discriminator_names and any(True for _ in getattr(self, n).parameters()))
        self._check_net_names()
        check_tensor_names(self)

    def objective(self):
        """What each step optimises, term by term, and which nets each term trains (text)."""
        return describe_objective(self)

    def use_matmul_convolutions(self, max_pixels=MAX_PIXELS):
        """Compute every convolution whose output has at most ``max_pixels`` pixels per image as
        a matrix product (the fast path on a CPU: see ``models/common/matmul_convolution.py``);
        weights and state-dict keys stay as they are. Returns how many layers changed."""
        return sum(use_matmul_for_small_outputs(self._net(name, unwrap=True), max_pixels)
                   for name in self.net_names)

    # ----------------------------------------------------------------- training
    def train_step(self, data, optim_wrapper):
        if not isinstance(optim_wrapper, OptimWrapperDict):
            raise TypeError('Translator needs one optimizer wrapper per net: set '
                            "optim_wrapper.constructor='MultiNetOptimWrapperConstructor'")
        tensors = self.data_preprocessor(data, True)
        missing = [key for key in self.data_keys if key not in tensors]
        if missing:
            raise KeyError(f'the training batch has no {missing} (it has {sorted(tensors)}); the '
                           f'model reads data_keys={list(self.data_keys)}: use a dataset that '
                           'gives them, or set model.data_keys')
        with self._wrapper_contexts(optim_wrapper, self.generator_names):
            tensors.update(self._run(self.branches, tensors))
        log_vars = {}
        for phase in self.train_order:
            step = self._discriminator_step if phase == 'D' else self._generator_step
            with _channel_hint(f'{phase} step', tensors):
                log_vars.update(step(tensors, optim_wrapper))
        self.latest_visuals = {k: tensors[k].detach() for k in self.visuals if k in tensors}
        return log_vars

    def _discriminator_step(self, tensors, optim_wrapper):
        if not self.discriminator_names:
            return {}
        self._set_requires_grad(self.discriminator_names, True)
        losses = {}
        with self._wrapper_contexts(optim_wrapper, self.discriminator_names):
            for name, term in self.adversarial.items():
                losses.update(term.discriminator_losses(
                    self._net(term.discriminator), tensors, prefix=f'loss_{name}_D'))
        self.latest_judgements = {name: term.latest_accuracy for name, term in
                                  self.adversarial.items() if term.latest_accuracy is not None}
        return self._update(self.discriminator_names, losses, optim_wrapper)

    def _generator_step(self, tensors, optim_wrapper):
        self._set_requires_grad(self.discriminator_names, False)
        losses = {}
        with self._wrapper_contexts(optim_wrapper, self.generator_names):
            for name, term in self.adversarial.items():
                # D is frozen here, so it is called unwrapped: no gradient sync is needed for it.
                losses[f'loss_{name}_G'] = term.generator_loss(
                    self._net(term.discriminator, unwrap=True), tensors)
            for name, loss in self.losses.items():
                kwargs = {arg: tensors[key] for arg, key in self.loss_inputs[name].items()}
                losses[f'loss_{name}'] = loss(**kwargs)
        return self._update(self.generator_names, losses, optim_wrapper)

    def _update(self, names, losses, optim_wrapper):
        """Back-propagate the sum of the losses once and step the nets' optimizer wrappers.

        When a loss is NaN or infinite the nets are not stepped: a non-finite loss never reaches
        the weights (``NonFiniteLossHook`` reports it and applies its policy). The decision is
        made on the device (:func:`update_together`), so the step reads no loss on the host.
        """
        if losses:
            update_together([optim_wrapper[name] for name in names], losses)
        return {key: value.detach() for key, value in losses.items()}

    # ---------------------------------------------------------------- inference
    def forward(self, inputs, data_samples=None, mode='tensor'):
        """Translate a dict of preprocessed tensors: 'tensor' returns the new tensors by name,
        'predict' one dict per sample (see :meth:`test_step`)."""
        if mode not in ('tensor', 'predict'):
            raise ValueError(f"Translator.forward: mode must be 'tensor' or 'predict', got {mode!r}; "
                             'training goes through train_step')
        outputs = self._run(self.test_branches, dict(inputs))
        if mode == 'tensor':
            return outputs
        return self._per_sample({**inputs, **outputs})

    def run_test_branch(self, name, tensors):
        """The tensors that test branch ``name`` makes from preprocessed ``tensors``."""
        return self._run({name: self.test_branches[name]}, tensors)

    def use_test_branches(self, names):
        """Run only the named test branches from now on (e.g. one direction of a CycleGAN)."""
        unknown = [n for n in names if n not in self.test_branches]
        if unknown:
            raise KeyError(f'no test branch {unknown}; this model has {list(self.test_branches)}')
        self.test_branches = {n: self.test_branches[n] for n in names}

    @torch.no_grad()
    def test_step(self, data):
        """Run the test branches on a raw batch; one dict per sample of the visuals and paths."""
        return self(self.data_preprocessor(data, False), mode='predict')

    val_step = test_step

    def _per_sample(self, tensors):
        # the visuals, and every test output, which metrics may read (e.g. N samples per input)
        outputs = [k for branch in self.test_branches.values() for k in branch.provides]
        keys = [k for k in dict.fromkeys([*self.test_visuals, *outputs]) if k in tensors]
        paths = [k for k, v in tensors.items() if k.endswith('_path') and isinstance(v, (list, tuple))]
        size = len(tensors[keys[0]])
        return [{**{k: tensors[k][i].detach().float().cpu() for k in keys},
                 **{k: tensors[k][i] for k in paths}} for i in range(size)]

    # ------------------------------------------------------------------ helpers
    def _add_net(self, name, cfg, default_init):
        if not name.isidentifier() or hasattr(self, name):
            raise ValueError(f"net name {name!r} is not usable: pick an identifier that is not an "
                             'attribute of Translator (e.g. G, D, E, G_A, D_B)')
        net_init = dict(cfg.pop('init', default_init))
        net = MODELS.build(cfg)
        init_weights(net, init_type=net_init.pop('type'), init_gain=net_init.pop('gain', 0.02))
        self.add_module(name, net)

    def _net(self, name, unwrap=False):
        net = getattr(self, name)
        return net.module if unwrap and is_model_wrapper(net) else net

    def _run(self, branches, tensors):
        new = {}
        for branch in branches.values():
            missing = [k for k in branch.requires if k not in tensors and k not in new]
            if missing:
                raise KeyError(f'{type(branch).__name__} needs {missing}, which neither the batch '
                               f'nor an earlier branch provides (have: {sorted({**tensors, **new})})')
            nets = {name: FrozenNet(self._net(name)) if name in branch.frozen else self._net(name)
                    for name in self.net_names}
            with _channel_hint(type(branch).__name__, {**tensors, **new}):
                new.update(branch({**tensors, **new}, nets))
        return new

    def _set_requires_grad(self, names, flag):
        for name in names:
            for param in getattr(self, name).parameters():
                param.requires_grad_(flag)

    @contextmanager
    def _wrapper_contexts(self, optim_wrapper, names):
        """The optimizer wrappers' contexts of the nets of a step: mixed precision, and DDP's
        ``no_sync`` while gradients accumulate."""
        with ExitStack() as stack:
            for name in names:
                stack.enter_context(optim_wrapper[name].optim_context(self._net(name)))
            yield

    def _check_net_names(self):
        known = set(self.net_names)
        branches = [*self.branches.values(), *self.test_branches.values()]
        for owner, needed in [*((type(b).__name__, b.nets) for b in branches),
                              *((f'adversarial {k!r}', (t.discriminator,))
                                for k, t in self.adversarial.items())]:
            unknown = [n for n in needed if n not in known]
            if unknown:
                raise KeyError(f'{owner} uses nets {unknown}, but nets are {sorted(known)}')
        for branch in branches:
            stray = [n for n in branch.frozen if n not in branch.nets]
            if stray:
                raise KeyError(f'{type(branch).__name__} freezes {stray}, which it does not run '
                               f'(it runs {list(branch.nets)})')


@contextmanager
def _channel_hint(where, tensors):
    """Turn a convolution's channel mismatch into a message about the config settings."""
    try:
        yield
    except RuntimeError as error:
        if 'channels' not in str(error):
            raise
        shapes = {k: tuple(v.shape[1:2]) for k, v in tensors.items() if torch.is_tensor(v)}
        raise RuntimeError(
            f'{where}: {error}\nChannels of the tensors: {shapes}. Make the nets\' in_channels / '
            'out_channels in model.nets match the data (the dataset\'s in_channels / '
            'out_channels); a conditional D sees input + output channels.') from error


def _present(cfgs):
    """The entries of a name -> config dict that are not switched off with None."""
    return {name: cfg for name, cfg in (cfgs or {}).items() if cfg is not None}


def _build_branches(cfgs):
    """The branches by name, each with ``frozen``: the nets it runs with constant weights."""
    branches = {}
    for name, cfg in cfgs.items():
        cfg = dict(cfg)
        frozen = tuple(cfg.pop('frozen', None) or ())
        branches[name] = MODELS.build(cfg)
        branches[name].frozen = frozen
    return in_dependency_order(branches)
