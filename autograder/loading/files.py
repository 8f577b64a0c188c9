"""Opening a student's file without following a link, and reading it only if it is regular.

    open_folder(base, parts) -> fd        # base/part/part/..., no part a link
    read_regular(path, base, limit) -> (size, bytes)

`base` is the folder the instructor named (trusted, opened as usual); every name below it is
the student's and is opened with O_NOFOLLOW, one step at a time from the folder above it,
so a link anywhere on the way (or one swapped in after discovery looked) is refused rather
than followed. What is read is the file that was opened (checked with fstat on the same
descriptor), never a second lookup of its name. A FIFO or device is refused, never waited on.
"""

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from autograder.i18n import N_, tr
from autograder.loading.model import LoadError
from autograder.text_safety import printable

#: The load note for a link: the student gets zero for what it would have supplied.
LINK_NOTE = (N_("{name} is a symbolic link; scratchnet reads only regular files inside the "
             "student's folder"))
NOT_REGULAR_NOTE = (N_("{name} is not a regular file (a pipe, socket or device); scratchnet "
                    "reads only regular files inside the student's folder"))

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC
_FILE = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC


def open_folder(base: Path, parts: Sequence[str]) -> int:
    """A descriptor of the folder base/parts[0]/parts[1]/..., no part followed if a link.

    Raises LoadError (a link, or not a folder) or OSError (missing, unreadable).
    The caller closes the descriptor.
    """
    fd = os.open(base, _FOLDER)
    try:
        for part in parts:
            try:
                child = os.open(part, _FOLDER | _NOFOLLOW, dir_fd=fd)
            except OSError as error:
                raise _refusal(error, fd, part) from None
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path, base: Path | None, limit: int) -> tuple[int, bytes]:
    """(size, content) of the regular file at `path`, below the trusted folder `base`
    (None: `path`'s parent). content is b"" when size > limit (nothing is read then), and
    never more than limit + 1 bytes (a file growing as it is read).

    Raises LoadError for a link or a file that is not regular, OSError otherwise.
    """
    base, parts = split(path, base)
    folder = open_folder(base, parts[:-1])
    try:
        fd = os.open(parts[-1], _FILE, dir_fd=folder)
    except OSError as error:
        raise _refusal(error, folder, parts[-1]) from None
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(tr(NOT_REGULAR_NOTE, name=printable(parts[-1])))
        if info.st_size > limit:
            return info.st_size, b""
        data = handle.read(limit + 1)
    return max(info.st_size, len(data)), data


def split(path: Path, base: Path | None) -> tuple[Path, tuple[str, ...]]:
    """(trusted folder, the student's names below it) for `path`."""
    path = Path(path)
    if base is None:
        return path.parent, (path.name,)
    return Path(base), Path(path).relative_to(base).parts


def _refusal(error: OSError, folder_fd: int, name: str) -> Exception:
    """The error to raise when opening `name` (in `folder_fd`) failed with `error`."""
    if error.errno in (errno.ELOOP, errno.ENOTDIR, errno.ENXIO, errno.EMLINK):
        try:
            mode = os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode
        except OSError:
            return error
        if stat.S_ISLNK(mode):
            return LoadError(tr(LINK_NOTE, name=printable(name)))
        if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
            return LoadError(tr(NOT_REGULAR_NOTE, name=printable(name)))
    return error
