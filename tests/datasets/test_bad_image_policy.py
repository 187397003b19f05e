"""on_bad_image: 'error' names the unreadable file, 'skip' warns, counts and serves the next
item, in each dataset."""
import numpy as np
import pytest
from PIL import Image

from i2itools.datasets import (AlignedDataset, BadImagePolicy, DatasetError, SingleDataset,
                               SkippedImageWarning, UnalignedDataset, UnreadableImageError)


def write_image(path, seed):
    """A JPEG of noise, large enough that its first half holds all its headers."""
    path.parent.mkdir(parents=True, exist_ok=True)
    noise = np.random.default_rng(seed).integers(0, 256, (32, 64, 3), dtype=np.uint8)
    Image.fromarray(noise).save(path)


def break_file(path):
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def three_files(folder):
    """0.jpg, 1.jpg (truncated) and 2.jpg in ``folder``; returns the truncated one."""
    for i in range(3):
        write_image(folder / f'{i}.jpg', i)
    break_file(folder / '1.jpg')
    return folder / '1.jpg'


def build(kind, root, policy):
    """A dataset of ``kind`` over three files of which item 1's is truncated, and the key of
    its items' first path."""
    if kind == 'aligned':
        three_files(root / 'train')
        return AlignedDataset(root, pipeline=[], on_bad_image=policy), 'A_path'
    if kind == 'unaligned':
        three_files(root / 'trainA')
        for i in range(3):
            write_image(root / 'trainB' / f'{i}.jpg', 5)
        return UnalignedDataset(root, pipeline=[], serial_batches=True,
                                on_bad_image=policy), 'A_path'
    three_files(root)
    return SingleDataset(root, pipeline=[], on_bad_image=policy), 'A_path'


KINDS = ('aligned', 'unaligned', 'single')


@pytest.mark.parametrize('kind', KINDS)
def test_error_policy_names_the_file_and_the_skip_policy(tmp_path, kind):
    ds, _ = build(kind, tmp_path / 'data', 'error')
    with pytest.raises(UnreadableImageError, match="on_bad_image='skip'") as info:
        ds[1]
    assert info.value.path.endswith('1.jpg') and 'truncated' in info.value.reason
    assert str(info.value).startswith(f"Cannot read image '{info.value.path}'")


@pytest.mark.parametrize('kind', KINDS)
def test_skip_policy_serves_the_next_item_and_counts_each_file_once(tmp_path, kind):
    ds, key = build(kind, tmp_path / 'data', 'skip')
    with pytest.warns(SkippedImageWarning) as warned:
        items = [ds[i] for i in (1, 1, 0, 2)]
    assert [item[key].rsplit('/', 1)[1] for item in items] == ['2.jpg', '2.jpg', '0.jpg', '2.jpg']
    broken = ds[0][key].replace('0.jpg', '1.jpg')
    assert len(warned) == 2  # one per time the file came up
    for warning in warned:
        assert str(warning.message).startswith(
            f"{type(ds).__name__}: skipped unreadable image '{broken}' (OSError: image file is "
            "truncated")
        assert str(warning.message).endswith(
            "; 1 skipped so far in this process (on_bad_image='skip').")


def test_skip_policy_wraps_around_and_gives_up_only_when_nothing_is_readable(tmp_path):
    three_files(tmp_path / 'images')
    break_file(tmp_path / 'images' / '2.jpg')
    ds = SingleDataset(tmp_path / 'images', pipeline=[], on_bad_image='skip')
    with pytest.warns(SkippedImageWarning):
        assert ds[2]['A_path'].endswith('0.jpg')
    break_file(tmp_path / 'images' / '0.jpg')
    ds = SingleDataset(tmp_path / 'images', pipeline=[], on_bad_image='skip')
    with pytest.warns(SkippedImageWarning), pytest.raises(
            DatasetError, match=r'none of its 3 items could be read \(3 unreadable files skipped'):
        ds[0]


def test_unknown_policy_is_refused_with_the_valid_ones():
    with pytest.raises(DatasetError, match="on_bad_image='ignore' is not a policy: use 'error'"):
        BadImagePolicy('ignore', 'SingleDataset')
