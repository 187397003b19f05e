"""Translate many files with an :class:`ImageTranslator`: images in batches, videos frame by
frame; unreadable files are skipped and counted, existing outputs are kept."""
import os
import os.path as osp
import sys
from dataclasses import dataclass, field
from typing import Optional

import cv2
import numpy as np
import torch

from i2itools.utils.image_io import ImageReadError, read_image, write_image
from i2itools.utils.progress import TaskProgress
from .image_tensors import check_mappable, image_to_tensor, split_alpha, tensor_to_image

#: OpenCV's four-character codec per video container; others get mp4v
VIDEO_CODECS = {'.avi': 'MJPG', '.mkv': 'XVID'}


@dataclass
class TranslateOptions:
    """What ``tools/translate.py`` asks for beyond the inputs (see its ``--help``)."""
    n_samples: int = 1
    seed: int = 0
    z: Optional[torch.Tensor] = None
    batch_size: int = 1
    tile: Optional[int] = None
    overlap: int = 32
    bit_depth: Optional[int] = None
    side_by_side: bool = False
    overwrite: bool = False
    strict: bool = False


@dataclass
class Summary:
    """Counts of one run, for the final message."""
    out_dir: str
    images: int = 0
    frames: int = 0
    videos: int = 0
    existing: int = 0
    failed: list = field(default_factory=list)


def translate_files(translator, files, out_dir, options):
    """Translate ``files`` (:class:`InputFile` s) into ``out_dir``; return a :class:`Summary`.

    Sample k of every input (and every frame of a video) uses the same latent code, drawn from
    ``options.seed``, or row k of ``options.z`` (k x nz: given or encoded codes), so outputs
    compare across inputs and videos do not flicker. ``options.seed`` also makes train-mode
    dropout repeatable.
    """
    torch.manual_seed(options.seed)
    codes = _codes(translator, options)
    summary = Summary(out_dir)
    job = _Job(translator, codes, out_dir, options, summary)
    with TaskProgress('translate', _count_frames(files)) as progress:
        job.progress = progress
        images = [f for f in files if not f.is_video]
        job.images(images)
        for video in (f for f in files if f.is_video):
            job.video(video)
    return summary


def _codes(translator, options):
    if options.z is not None:  # given codes: one output per row
        return list(torch.as_tensor(options.z).reshape(len(options.z), -1)[:, None])
    codes = translator.draw_codes(options.n_samples, options.seed)
    return [None] * options.n_samples if codes is None else list(codes[:, None])


class _Job:
    """One run's state: the translator, the codes, where outputs go and the counts."""

    def __init__(self, translator, codes, out_dir, options, summary):
        self.translator, self.codes, self.out_dir = translator, codes, out_dir
        self.options, self.summary = options, summary
        self.progress = None

    # ---------------------------------------------------------------- images
    def images(self, files):
        pending = []
        for item in files:
            outputs = self._outputs(item.relative, self._image_extension(item.path))
            image = self._read(item, outputs)
            if image is None:
                continue
            if pending and (len(pending) == self.options.batch_size
                            or pending[0][1].shape != image.shape
                            or pending[0][1].dtype != image.dtype):
                self._write_batch(pending)
                pending = []
            pending.append((outputs, image))
        if pending:
            self._write_batch(pending)

    def _read(self, item, outputs):
        if not self.options.overwrite and all(osp.exists(p) for p in outputs):
            self.summary.existing += 1
            self.progress.advance()
            return None
        try:
            image = read_image(item.path)
            check_mappable(image, self.translator.in_channels, item.path)
        except (ImageReadError, ValueError) as error:
            self._fail(item.path, error)
            return None
        return image

    def _write_batch(self, pending):
        images = [image for _, image in pending]
        results = self._translate(images)
        for (outputs, image), result in zip(pending, results):
            for path, output in zip(outputs, self._arrange(image, result)):
                os.makedirs(osp.dirname(path), exist_ok=True)
                write_image(path, output)
        self.summary.images += len(pending)
        self.progress.advance(len(pending))

    # ---------------------------------------------------------------- videos
    def video(self, item):
        capture = cv2.VideoCapture(item.path)
        if not capture.isOpened():
            self._fail(item.path, ImageReadError(f'{item.path}: OpenCV cannot open this video'))
            return
        fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
        outputs = self._outputs(item.relative, osp.splitext(item.path)[1])
        if not self.options.overwrite and all(osp.exists(p) for p in outputs):
            self.summary.existing += 1
            self.progress.advance(_frame_count(capture))
            capture.release()
            return
        writers, frames = None, 0
        try:
            while True:
                batch = _read_frames(capture, self.options.batch_size)
                if not batch:
                    break
                results = self._translate(batch)
                for frame, result in zip(batch, results):
                    shown = [_as_bgr(a) for a in self._arrange(frame, result)]
                    writers = writers or [_VideoOut(p, fps, shown[0].shape) for p in outputs]
                    for writer, array in zip(writers, shown):
                        writer.write(array)
                frames += len(batch)
                self.progress.advance(len(batch))
        finally:
            capture.release()
            for writer in writers or []:
                writer.close(keep=frames > 0)
        if not frames:
            self._fail(item.path, ImageReadError(f'{item.path}: no frame could be read'))
            return
        self.summary.videos += 1
        self.summary.frames += frames

    # --------------------------------------------------------------- helpers
    def _translate(self, images):
        """Per image, the list of its outputs (one per code)."""
        dtype = {8: np.uint8, 16: np.uint16}.get(self.options.bit_depth)
        per_code = [self.translator.translate_images(images, z=code, tile=self.options.tile,
                                                     overlap=self.options.overlap, dtype=dtype)
                    for code in self.codes]
        return list(zip(*per_code))

    def _arrange(self, image, outputs):
        """The arrays to write: the outputs, or one row of the input beside them."""
        if not self.options.side_by_side:
            return list(outputs)
        shown = tensor_to_image(image_to_tensor(image, self.translator.out_channels)[0],
                                outputs[0].dtype, split_alpha(image)[1])
        return [np.concatenate([shown, *outputs], axis=1)]

    def _outputs(self, relative, extension):
        stem = osp.join(self.out_dir, osp.splitext(relative)[0])
        if self.options.side_by_side or len(self.codes) == 1:
            return [stem + extension]
        return [f'{stem}_sample{k + 1:02d}{extension}' for k in range(len(self.codes))]

    def _image_extension(self, path):
        extension = osp.splitext(path)[1].lower()
        # 8-bit-only formats keep their extension unless 16 bits are asked for
        if self.options.bit_depth == 16 and extension in ('.jpg', '.jpeg', '.bmp', '.webp'):
            return '.png'
        return osp.splitext(path)[1]

    def _fail(self, path, error):
        if self.options.strict:
            raise error
        print(f'warning: skipped {error}', file=sys.stderr)
        self.summary.failed.append(path)
        self.progress.advance()


def _count_frames(files):
    total = 0
    for item in files:
        if item.is_video:
            capture = cv2.VideoCapture(item.path)
            total += _frame_count(capture)
            capture.release()
        else:
            total += 1
    return total


def _frame_count(capture):
    """The frame count a video's header gives (at least 1: it counts as one item)."""
    return max(1, int(capture.get(cv2.CAP_PROP_FRAME_COUNT)))


def _read_frames(capture, count):
    frames = []
    while len(frames) < count:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(np.ascontiguousarray(frame[..., ::-1]))  # BGR -> RGB
    return frames


def _as_bgr(array):
    if array.dtype != np.uint8:
        array = (array // 257).astype(np.uint8)  # video frames are 8 bits
    if array.ndim == 2:
        return np.repeat(array[..., None], 3, axis=2)
    return np.ascontiguousarray(array[..., 2::-1])  # RGB(A) -> BGR, alpha dropped


class _VideoOut:
    """A video file written beside its final name and renamed when complete."""

    def __init__(self, path, fps, shape):
        self.path = path
        stem, extension = osp.splitext(path)
        self.partial = f'{stem}.partial{extension}'
        os.makedirs(osp.dirname(path) or '.', exist_ok=True)
        codec = cv2.VideoWriter_fourcc(*VIDEO_CODECS.get(extension.lower(), 'mp4v'))
        self.writer = cv2.VideoWriter(self.partial, codec, fps, (shape[1], shape[0]))
        if not self.writer.isOpened():
            raise OSError(f'OpenCV cannot write {extension} video to {self.partial}; use .mp4 '
                          'or .avi')

    def write(self, frame):
        self.writer.write(frame)

    def close(self, keep):
        self.writer.release()
        if keep:
            os.replace(self.partial, self.path)
        elif osp.exists(self.partial):
            os.remove(self.partial)
