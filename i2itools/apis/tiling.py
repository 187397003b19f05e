"""Any image size for a fully convolutional generator: reflect-pad to its size multiple, or
translate in overlapping tiles blended with linear ramps (images too large for memory)."""
import torch
import torch.nn.functional as F

from i2itools.models.layers import BlurDownsample
from i2itools.utils.cli_errors import UserValueError


def size_multiple(net):
    """What height and width must be divisible by: the product of the net's conv and blur
    down-sampling strides (2 ** num_downs for a U-Net, 4 for the ResNet generator, anti-aliased
    or not)."""
    multiple = 1
    for module in net.modules():
        if isinstance(module, torch.nn.Conv2d):
            multiple *= module.stride[0]
        elif isinstance(module, BlurDownsample):
            multiple *= module.stride
    return multiple


def check_tile(tile, overlap, multiple):
    """Raise :class:`UserValueError` unless ``tile`` is None or 0 (no tiling) or a multiple of
    the generator's size ``multiple``, and ``overlap`` is smaller than the tile."""
    if not tile:
        return
    if tile % multiple:
        lower, upper = tile // multiple * multiple, -(-tile // multiple) * multiple
        choices = f'{lower} or {upper}' if lower else f'{upper}'
        raise UserValueError(f'--tile {tile}: tiles must be a multiple of {multiple}, the size '
                             f'multiple of this generator (it halves the image that many '
                             f'times); use {choices}, or 0 for no tiling')
    if overlap >= tile:
        raise UserValueError(f'--overlap {overlap} must be smaller than the tile ({tile} px)')


def pad_to_multiple(image, multiple):
    """``(padded, crop)``: ``image`` (N x C x H x W) padded up to a multiple of ``multiple`` and
    the slices that cut the original area back out. The padding is split between both sides
    and reflects the image (replicates its edge where the image is too small to reflect)."""
    height, width = image.shape[-2:]
    pad_h, pad_w = -height % multiple, -width % multiple
    top, left = pad_h // 2, pad_w // 2
    crop = (..., slice(top, top + height), slice(left, left + width))
    if not pad_h and not pad_w:
        return image, crop
    mode = 'reflect' if max(top, pad_h - top) < height and max(left, pad_w - left) < width \
        else 'replicate'
    return F.pad(image, (left, pad_w - left, top, pad_h - top), mode=mode), crop


def run_padded(run, image, multiple):
    """``run`` on ``image`` padded by :func:`pad_to_multiple`, cropped back to its size."""
    padded, crop = pad_to_multiple(image, multiple)
    return run(padded)[crop]


def run_tiled(run, image, tile, overlap, multiple):
    """``run`` on ``tile`` x ``tile`` pieces of ``image`` (1 x C x H x W) that overlap by
    ``overlap`` px, blended with weights that ramp across each overlap (see :func:`_ramp`), so
    no seam shows where a tile ends. ``tile`` is rounded down to a multiple of ``multiple``."""
    tile = max(multiple, tile // multiple * multiple)
    if overlap >= tile:
        raise ValueError(f'--overlap {overlap} must be smaller than the tile ({tile} px)')
    height, width = image.shape[-2:]
    if height <= tile and width <= tile:
        return run_padded(run, image, multiple)
    total = weights = None
    for top in _starts(height, tile, overlap):
        for left in _starts(width, tile, overlap):
            piece = image[..., top:top + tile, left:left + tile]
            out = run_padded(run, piece, multiple)
            weight = _ramp(piece.shape[-2], overlap, top > 0, top + tile < height, image)[:, None] \
                * _ramp(piece.shape[-1], overlap, left > 0, left + tile < width, image)[None, :]
            if total is None:
                total = out.new_zeros(*out.shape[:2], height, width)
                weights = out.new_zeros(height, width)
            total[..., top:top + tile, left:left + tile] += out * weight
            weights[top:top + tile, left:left + tile] += weight
    return total / weights


def _starts(length, tile, overlap):
    """Tile offsets covering ``length``: a stride of ``tile - overlap``, the last tile flush
    with the end (so it may overlap its neighbour by more)."""
    if length <= tile:
        return [0]
    starts = list(range(0, length - tile, tile - overlap))
    return starts + [length - tile]


def _ramp(length, overlap, rising, falling, like):
    """Weights along one side of a tile: 1 inside; where a tile lies before (after) it, nearly 0
    over the first (last) quarter of the overlap, whose pixels lack context, then rising
    linearly to 1 at its far end."""
    weight = torch.ones(length, dtype=torch.float32, device=like.device)
    if not overlap:
        return weight
    margin = overlap // 4
    edge = (torch.arange(1, overlap + 1, dtype=torch.float32, device=like.device) - margin) \
        / (overlap - 2 * margin + 1)
    edge = edge.clamp(1e-3, 1)  # never 0: every pixel keeps a weight
    if rising:
        weight[:overlap] = torch.minimum(weight[:overlap], edge)
    if falling:
        weight[-overlap:] = torch.minimum(weight[-overlap:], edge.flip(0))
    return weight
