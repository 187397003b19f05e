"""Images in [-1, 1] as the 8-bit files the papers measured: the published FIDs and LPIPS
diversities were computed on saved PNG/JPEG files, not on the generator's float outputs."""
import torch


def eight_bit_values(images):
    """The 8-bit values 0..255 (as float) nearest to ``images`` in [-1, 1]: exactly the file's
    values for an image that was read from an 8-bit file."""
    return torch.round((images.clamp(-1, 1) + 1) * 127.5)


def as_saved_8bit(images):
    """``images`` in [-1, 1] as the reference (and ``tools/test.py``) writes them to an 8-bit
    file and an evaluation script reads them back: ``(x + 1) / 2 * 255`` rounded down in float32
    (``tensor2im``), then ``v / 127.5 - 1`` (LPIPS' ``im2tensor``)."""
    levels = ((images.float().clamp(-1, 1) + 1) / 2 * 255).floor()
    return levels / 127.5 - 1
