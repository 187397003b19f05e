"""Export a translator's generator (inputs ``A`` and, with nz > 0, ``z``) and its encoder to ONNX
or TorchScript, verified against PyTorch, each with a JSON sidecar that says how to call it."""
import json
import os
import os.path as osp

import torch
from torch import nn

from i2itools.utils.cli_errors import UserValueError
from i2itools.version import __version__
from .translator_api import encoder_input_size

FORMATS = {'onnx': '.onnx', 'torchscript': '.pt'}
#: largest max-abs difference to PyTorch an export may show, by precision
TOLERANCES = {torch.float32: 1e-4, torch.float16: 5e-2}


class ExportVerificationError(RuntimeError):
    """An exported model's outputs differ from PyTorch's by more than the tolerance."""


class GeneratorWithCode(nn.Module):
    """``G(A, z)``: the generator with its latent code as a second input."""

    def __init__(self, generator):
        super().__init__()
        self.generator = generator

    def forward(self, A, z):  # noqa: N803  (the input is named A in the exported graph)
        return self.generator(A, z)


class EncoderMean(nn.Module):
    """``E(B).mu``: the code the encoder gives an image, as BicycleGAN encodes at test time."""

    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, B):  # noqa: N803
        return self.encoder(B)[0]


def export_translator(translator, out_dir, fmt='onnx', dynamic=False, opset=None, half=False,
                      size=None):
    """Export the generator (and encoder) of ``translator`` into ``out_dir``.

    Networks are exported in eval mode (running statistics, no dropout), so outputs match
    ``tools/translate.py --eval``. ``size`` is the height and width of the example input
    (default: 256 rounded up to the generator's size multiple); with ``dynamic``, batch, height
    and width are free and each export is verified at two sizes.

    Returns:
        list[dict]: per exported file its sidecar (which holds ``file`` and ``max_abs_diff``).
    """
    if fmt not in FORMATS:
        raise ValueError(f'unknown format {fmt!r}; choose one of {list(FORMATS)}')
    multiple = translator.size_multiple
    size = size or -(-256 // multiple) * multiple
    if size % multiple:
        raise UserValueError(f'--size {size} must be a multiple of {multiple} (the generator '
                             'halves the image that many times)')
    dtype = torch.float16 if half else torch.float32
    os.makedirs(out_dir, exist_ok=True)
    parts = [_generator_part(translator, size, dynamic)]
    if translator.encoder is not None:
        parts.append(_encoder_part(translator, dynamic))
    sidecars = []
    for part in parts:
        module = part['module'].eval().to(dtype)
        path = osp.join(out_dir, part['name'] + FORMATS[fmt])
        examples = [_example(shape, kind, dtype) for shape, kind in part['examples'][0]]
        used_opset = (_export_onnx if fmt == 'onnx' else _export_torchscript)(
            module, examples, path, part, dynamic, opset)
        diff = max(_verify(module, path, fmt, [_example(s, k, dtype) for s, k in shapes], part)
                   for shapes in part['examples'][:2 if dynamic else 1])
        sidecar = _sidecar(translator, part, fmt, path, dynamic, used_opset, dtype, diff)
        with open(osp.splitext(path)[0] + '.json', 'w') as handle:
            json.dump(sidecar, handle, indent=2)
        if diff > TOLERANCES[dtype]:
            raise ExportVerificationError(f'{path}: outputs differ from PyTorch by {diff:.3g} '
                                          f'(> {TOLERANCES[dtype]:g})')
        sidecars.append(sidecar)
    return sidecars


def _generator_part(translator, size, dynamic):
    channels, multiple = translator.in_channels, translator.size_multiple
    other = size + multiple  # a second, non-square size checks the free height and width
    image = [((2, channels, size, size), 'image')] if dynamic else [((1, channels, size, size),
                                                                     'image')]
    second = [((3, channels, other, size + 2 * multiple), 'image')]
    if translator.nz:
        image.append(((image[0][0][0], translator.nz), 'code'))
        second.append(((3, translator.nz), 'code'))
        module, names = GeneratorWithCode(translator.generator), ['A', 'z']
    else:
        module, names = translator.generator, ['A']
    return dict(name='G', module=module, inputs=names, outputs=['fake_B'],
                examples=[image, second], image_axes=('N', 'H', 'W'))


def _encoder_part(translator, dynamic):
    size = encoder_input_size(translator.encoder)
    channels = translator.in_channels_of_style
    first = ((2 if dynamic else 1, channels, size, size), 'image')
    return dict(name='E', module=EncoderMean(translator.encoder), inputs=['B'], outputs=['z'],
                examples=[[first], [((3, channels, size, size), 'image')]], image_axes=('N',))


def _example(shape, kind, dtype):
    tensor = torch.rand(shape) * 2 - 1 if kind == 'image' else torch.randn(shape)
    return tensor.to(dtype)


def _export_onnx(module, examples, path, part, dynamic, opset):
    shapes = None
    if dynamic:
        batch = torch.export.Dim('N')
        free = {0: batch, 2: torch.export.Dim.DYNAMIC, 3: torch.export.Dim.DYNAMIC} \
            if 'H' in part['image_axes'] else {0: batch}
        shapes = [free if example.dim() == 4 else {0: batch} for example in examples]
    program = torch.onnx.export(module, tuple(examples), path, input_names=part['inputs'],
                                output_names=part['outputs'], opset_version=opset,
                                dynamic_shapes=shapes and tuple(shapes), dynamo=True,
                                external_data=False, verbose=False)
    return program.model.opset_imports['']


def _export_torchscript(module, examples, path, part, dynamic, opset):
    with torch.no_grad():
        traced = torch.jit.trace(module, tuple(examples), check_trace=False)
    traced.save(path)
    return None


def _verify(module, path, fmt, examples, part):
    """Max abs difference between the exported file and ``module`` on ``examples``."""
    with torch.no_grad():
        expected = module(*examples).float()
    if fmt == 'torchscript':
        with torch.no_grad():
            got = torch.jit.load(path)(*examples).float()
    else:
        try:
            import onnxruntime
        except ImportError as error:
            raise ImportError('verifying an ONNX export needs onnxruntime: pip install '
                              '"i2itools[export]"') from error
        session = onnxruntime.InferenceSession(path, providers=['CPUExecutionProvider'])
        feeds = {name: x.numpy() for name, x in zip(part['inputs'], examples)}
        got = torch.from_numpy(session.run(None, feeds)[0]).float()
    if got.shape != expected.shape:
        raise ExportVerificationError(f'{path}: output shape {tuple(got.shape)} for inputs '
                                      f'{[tuple(x.shape) for x in examples]}, PyTorch gives '
                                      f'{tuple(expected.shape)}')
    return (got - expected).abs().max().item()


def _sidecar(translator, part, fmt, path, dynamic, opset, dtype, diff):
    def shape(example_shape, axes):
        if not dynamic:
            return list(example_shape)
        named = dict(zip((0, 2, 3), axes))
        return [named.get(i, n) for i, n in enumerate(example_shape)]

    (first, _), *rest = part['examples'][0]
    inputs = [dict(name=part['inputs'][0], shape=shape(first, part['image_axes']),
                   range=[-1, 1])]
    if rest:
        inputs.append(dict(name='z', shape=shape(rest[0][0], ('N',)), distribution='N(0, 1)'))
    is_generator = part['name'] == 'G'
    out_shape = [first[0], translator.out_channels, first[2], first[3]] if is_generator \
        else [first[0], translator.nz]
    return dict(file=osp.basename(path), format=fmt, dtype=str(dtype).split('.')[-1],
                opset=opset, dynamic=dynamic, mode='eval',
                inputs=inputs,
                outputs=[dict(name=part['outputs'][0], shape=shape(out_shape, part['image_axes']),
                              **(dict(range=[-1, 1]) if is_generator else {}))],
                nz=translator.nz, size_multiple=translator.size_multiple if is_generator else None,
                image_scaling='pixel / max * 2 - 1 (uint8: max 255, uint16: 65535)',
                max_abs_diff=diff, i2itools_version=__version__)
