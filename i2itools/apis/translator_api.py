"""``load_translator``: a checkpoint as an object that translates numpy images and tensors."""
from contextlib import nullcontext

import torch
import torch.nn.functional as F
from torch import nn

from i2itools.models.branches import EncodedBranch
from i2itools.utils.cli_errors import UserValueError
from .checkpoint_loading import CheckpointMismatchError
from .image_tensors import (ROUNDINGS, check_mappable, image_to_tensor, resize_like_reference,
                            split_alpha, tensor_to_image)
from .model_loading import load_model
from .norm_statistics import shared_norm_statistics
from .tiling import pad_to_multiple, run_padded, run_tiled, size_multiple

#: longest side of the downscaled whole image whose norm statistics tiles share
STATS_SIZE = 512


def load_translator(checkpoint, device=None, direction=None, config=None, mode=None, amp=False,
                    plugins=(), ema=True, rounding='nearest'):
    """An :class:`ImageTranslator` for ``checkpoint``, from the config stored in it.

    Args:
        checkpoint: an i2itools checkpoint or published file, a reference ``latest_net_G.pth``
            (its architecture is read off its keys) or a reference folder (with ``config``).
        device: 'cpu', 'cuda', 'cuda:N' (default: CUDA when available).
        direction: the test branch to run, e.g. 'AtoB' or 'BtoA' of a CycleGAN (default: the
            only generator, or AtoB).
        config: a config file that overrides the stored one.
        mode: 'train' or 'eval' networks; default the model's ``test_mode`` (the reference's:
            train for pix2pix and CycleGAN, eval for BicycleGAN).
        amp: run in bfloat16 (CPU) or float16 (CUDA) autocast.
        plugins: plugin files or folders to import besides those the config records.
        ema: the moving-average weights of the generator when the checkpoint has them (training
            with ``NetEMAHook``); False for the raw ones.
        rounding: 'nearest' (default) or 'floor', how outputs become integer levels (see
            :func:`~i2itools.apis.image_tensors.tensor_to_image`; 'floor' gives the
            reference's PNGs bit for bit).
    """
    model, cfg, loaded = load_model(checkpoint, config, device, plugins, ema)
    branch = _pick_branch(model, direction, checkpoint)
    encoder = next((b.encoder for b in model.test_branches.values()
                    if isinstance(b, EncodedBranch) and b.generator == branch.generator), None)
    for name in (branch.generator, encoder):
        if name is not None and name not in loaded:
            raise CheckpointMismatchError(f'{checkpoint} holds no weights for net {name!r}, '
                                          f'which translating needs (it has {loaded})')
    net_cfg = cfg.model.nets[branch.generator]
    return ImageTranslator(getattr(model, branch.generator),
                           encoder=getattr(model, encoder) if encoder else None,
                           in_channels=net_cfg.get('in_channels', 3),
                           out_channels=net_cfg.get('out_channels', 3),
                           mode=mode or model.test_mode, amp=amp, cfg=cfg, rounding=rounding)


def _pick_branch(model, direction, checkpoint):
    branches = {n: b for n, b in model.test_branches.items() if hasattr(b, 'generator')}
    if direction in branches:
        return branches[direction]
    generators = {b.generator for b in branches.values()}
    if len(generators) == 1 and direction in (None, 'AtoB'):
        # a z-conditioned generator is reached through its random branch, not the encoded one
        return next(b for b in branches.values() if not isinstance(b, EncodedBranch)
                    or len(branches) == 1)
    if direction is None and 'AtoB' in branches:
        return branches['AtoB']
    raise UserValueError(f'{checkpoint}: cannot translate in direction {direction!r}; its test '
                     f'branches are {list(model.test_branches)} (pass one of them as direction)')


class ImageTranslator:
    """A trained generator (and the encoder that gives it codes) ready for any image.

    Images of any height and width are reflect-padded to the generator's size multiple and
    cropped back. For a z-conditioned generator (``nz > 0``) every call takes a code: given
    (``z``), drawn from ``seed``, or encoded from a style image (``encode``).

    Args:
        generator: the generator network.
        encoder: the encoder of a BicycleGAN-type model, or None.
        in_channels / out_channels: the generator's image channels.
        mode: 'train' (batch statistics, dropout) or 'eval'.
        amp: autocast to bfloat16 (CPU) or float16 (CUDA).
        cfg: the model's config, kept for the caller (export, CPU settings).
        rounding: 'nearest' or 'floor' (the reference's), how outputs become integer levels.
    """

    def __init__(self, generator, encoder=None, in_channels=3, out_channels=3, mode='eval',
                 amp=False, cfg=None, rounding='nearest'):
        if mode not in ('train', 'eval'):
            raise ValueError(f"mode must be 'train' or 'eval', got {mode!r}")
        if rounding not in ROUNDINGS:
            raise ValueError(f'rounding must be one of {ROUNDINGS}, got {rounding!r}')
        self.rounding = rounding
        self.generator, self.encoder = generator, encoder
        self.in_channels, self.out_channels = in_channels, out_channels
        self.mode, self.amp, self.cfg = mode, amp, cfg
        self.nz = getattr(generator, 'nz', 0)
        self.size_multiple = size_multiple(generator)
        self.device = next(generator.parameters()).device
        generator.train(mode == 'train')
        if encoder is not None:
            encoder.eval()  # the reference encodes with z = mu, in eval mode
        # train-mode batch norm mixes the samples of a batch; the reference tests one at a time
        self._one_at_a_time = mode == 'train' and any(
            isinstance(m, nn.BatchNorm2d) for m in generator.modules())

    # ------------------------------------------------------------- numpy images
    def translate(self, image, z=None, seed=None, tile=None, overlap=32, dtype=None):
        """H x W (x C) uint8/uint16 image -> translated image of the same size and dtype (or
        ``dtype``). ``tile`` (px) translates in overlapping tiles (see :meth:`translate_tensor`)."""
        return self.translate_images([image], z, seed, tile, overlap, dtype)[0]

    def translate_images(self, images, z=None, seed=None, tile=None, overlap=32, dtype=None):
        """Translate images of one size and channel count as one batch; ``z`` is one code for
        all (1 x nz or nz) or one per image (N x nz); without it one code is drawn for all, so
        that batching does not change the outputs."""
        batch = torch.cat([image_to_tensor(im, self.in_channels) for im in images])
        codes = self._codes(z, seed, 1)
        if codes is not None and len(codes) == 1:
            codes = codes.expand(len(images), -1)
        out = self.translate_tensor(batch, codes, tile=tile, overlap=overlap, seed=seed)
        return [tensor_to_image(o, dtype or im.dtype, split_alpha(im)[1], self.rounding)
                for o, im in zip(out, images)]

    def sample(self, image, n=1, seed=None, z=None, style=None, dtype=None):
        """A list of outputs of one image: under ``n`` codes drawn from ``seed``, under each
        row of ``z`` (k x nz), or under the code encoded from the ``style`` image. Without a
        latent code (nz = 0) the n outputs differ only by train-mode dropout."""
        if style is not None:
            z = self.encode(style)
        codes = self._codes(z, seed, n)
        count = n if codes is None else len(codes)
        return self.translate_images([image] * count, codes, seed=seed, dtype=dtype)

    def encode(self, style):
        """The code (1 x nz) that the encoder gives a style image (numpy), resized to its input
        size as the reference's data pipeline resizes (PIL bicubic): the encoder saw its
        training images so."""
        if self.encoder is None:
            raise UserValueError('this model has no encoder: give z or a seed instead of a '
                                 'style image')
        check_mappable(style, self.in_channels_of_style, 'style image')
        resized = resize_like_reference(style, encoder_input_size(self.encoder))
        tensor = image_to_tensor(resized, self.in_channels_of_style, 'style image')
        with torch.no_grad(), self._autocast():
            mu, _ = self.encoder(tensor.to(self.device))
        return mu.float()

    @property
    def in_channels_of_style(self):
        """Channels of the encoder's input (the target domain's images)."""
        return next(m for m in self.encoder.modules() if isinstance(m, nn.Conv2d)).in_channels

    # ------------------------------------------------------------------ tensors
    def translate_tensor(self, batch, z=None, tile=None, overlap=32, seed=None):
        """N x C x H x W float tensor in [-1, 1] -> N x out_channels x H x W tensor (on CPU).

        ``tile`` runs ``tile`` px pieces overlapping by ``overlap`` px, blended; layers that
        normalise with their input's statistics then all use those of the whole image
        (downscaled to at most ``STATS_SIZE`` px), so the tiles agree.
        ``seed`` makes dropout (train mode) repeatable.
        """
        if self.nz and z is None:
            raise ValueError(f'the generator takes a latent code of {self.nz} numbers: give z, '
                             'a seed or a style image')
        if seed is not None:
            torch.manual_seed(seed)
        step = 1 if self._one_at_a_time or tile else len(batch)
        outputs = []
        with torch.no_grad(), self._autocast():
            for start in range(0, len(batch), step):
                codes = None if z is None else z[start:start + step]
                outputs.append(self._run(batch[start:start + step].to(self.device), codes, tile,
                                         overlap))
        return torch.cat(outputs).float().cpu()

    def _run(self, images, z, tile, overlap):
        z = None if z is None else z.to(self.device)

        def run(x):
            return self.generator(x, z) if self.nz else self.generator(x)

        if not tile:
            return run_padded(run, images, self.size_multiple)
        probe = _downscaled(images, STATS_SIZE, self.size_multiple)
        with shared_norm_statistics(self.generator, run, probe):
            return run_tiled(run, images, tile, overlap, self.size_multiple)

    def draw_codes(self, count, seed=None):
        """``count`` x nz codes from N(0, I), repeatable with ``seed``; None when nz = 0."""
        return self._codes(None, seed, count)

    def _codes(self, z, seed, count):
        if not self.nz:
            return None
        if z is None:
            generator = torch.Generator().manual_seed(seed) if seed is not None else None
            return torch.randn(count, self.nz, generator=generator)
        z = torch.as_tensor(z, dtype=torch.float32).reshape(-1, self.nz)
        return z.expand(count, -1) if len(z) == 1 else z  # one code for all, or one each

    def _autocast(self):
        if not self.amp:
            return nullcontext()
        kind = self.device.type
        return torch.autocast(kind, dtype=torch.float16 if kind == 'cuda' else torch.bfloat16)


def encoder_input_size(encoder):
    """The input size of BicycleGAN's encoders: ``8 * 2 ** depth`` (an 8 x 8 pool after depth
    halvings)."""
    depth = getattr(encoder, 'num_blocks', None) or getattr(encoder, 'num_layers', None)
    if depth is None:
        raise ValueError(f'cannot tell the input size of {type(encoder).__name__} (no num_blocks '
                         'or num_layers); encode the style image yourself and pass z')
    return 8 * 2 ** depth


def _downscaled(images, longest, multiple):
    """``images`` padded to the size multiple and, if needed, shrunk so that the longer side
    is at most ``longest`` px (sides stay multiples of ``multiple``)."""
    padded, _ = pad_to_multiple(images, multiple)
    scale = longest / max(padded.shape[-2:])
    if scale >= 1:
        return padded
    size = [max(multiple, round(s * scale / multiple) * multiple) for s in padded.shape[-2:]]
    return F.interpolate(padded, size=size, mode='area')
