"""What a dataset does with an image file it cannot read: stop naming it, or skip it and count.

One corrupt JPEG in a folder of 50k images should not go unnoticed, nor (if the user says so)
end a long run: ``on_bad_image='error'`` (the default) stops with the file's name,
``'skip'`` warns, counts and serves the next readable item instead.
"""
import warnings

from .image_folder import DatasetError, UnreadableImageError

#: the values of a dataset's ``on_bad_image`` argument
BAD_IMAGE_POLICIES = ('error', 'skip')


class SkippedImageWarning(UserWarning):
    """An unreadable image file was skipped (``on_bad_image='skip'``)."""


class BadImagePolicy:
    """Loads items of the dataset ``owner`` (its name, for messages) under a policy for
    unreadable image files.

    Args:
        policy (str): 'error': an unreadable file raises :class:`UnreadableImageError`
            naming it. 'skip': it is skipped with a :class:`SkippedImageWarning` that names it
            and counts the files skipped so far (per process: each DataLoader worker counts its
            own), and the next item (index + 1, wrapping around) is served instead.
        owner (str): the dataset's name, for messages.
    """

    def __init__(self, policy, owner):
        if policy not in BAD_IMAGE_POLICIES:
            raise DatasetError(f"{owner} on_bad_image={policy!r} is not a policy: use 'error' "
                               "(stop, naming the file) or 'skip' (warn, count and go on).")
        self.policy = policy
        self.owner = owner
        self.skipped = set()

    def load(self, load_item, index, length):
        """``load_item(index)``, or under 'skip' the first of the following items that loads."""
        if self.policy == 'error':
            return load_item(index)
        for step in range(length):
            try:
                return load_item((index + step) % length)
            except UnreadableImageError as err:
                self.skipped.add(err.path)
                warnings.warn(f"{self.owner}: skipped unreadable image '{err.path}' "
                              f'({err.reason}); {len(self.skipped)} skipped so far in this '
                              "process (on_bad_image='skip').", SkippedImageWarning)
        raise DatasetError(f'{self.owner}: none of its {length} items could be read '
                           f'({len(self.skipped)} unreadable files skipped); see the warnings '
                           'above for the files.')
