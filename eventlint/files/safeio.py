"""Reading the project's files without trusting them.

A repository can hold anything git can store or a checkout can create: a named
pipe called `x.py` (opening it for reading waits for a writer for ever), a link
to `/dev/zero` (reading it never ends), a link to a file outside the project, a
file of gigabytes. eventlint reads only regular files, opened without blocking,
never through a link that leads out of the project, and at most
`MAX_FILE_BYTES` of them, in bounded chunks. Anything else is refused with an
`UnreadableFile`, an `OSError` whose `strerror` says why in the user's words.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Far larger than any hand-written module (CPython's largest is under 1 MiB), and
# room for the 10 MB generated data files projects keep; a file past it would
# cost minutes and many gigabytes to compile and parse.
MAX_FILE_BYTES = 16 * 1024 * 1024
_CHUNK = 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class UnreadableFile(OSError):
    """A file eventlint refuses to read: not a regular file, too large, or a link out of the project."""

    def __init__(self, reason: str) -> None:
        super().__init__(errno.EINVAL, reason)


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def leads_out(path: Path, root: Path | None) -> bool:
    """Whether reaching `path` goes through a link whose target lies outside `root`.

    A file that lies outside the root without any link (a `src` root or a PATH
    outside the project, named on purpose) is not a link out.
    """
    if root is None:
        return False
    absolute = os.path.abspath(path)
    real = os.path.realpath(absolute)
    if real == absolute:
        return False
    real_root = os.path.realpath(root)
    return real != real_root and not real.startswith(os.path.join(real_root, ""))


def read_regular(path: Path, root: Path | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of the project, or `UnreadableFile` (an `OSError`) saying why not.

    Never blocks (a named pipe is opened without waiting and refused), never
    reads past `limit` bytes, never follows a link out of `root`.
    """
    if leads_out(path, root):
        raise UnreadableFile("it is a link to a file outside the project, which eventlint does not follow")
    found = os.stat(path)  # never blocks; opening a socket would fail with a less clear error
    if not stat.S_ISREG(found.st_mode):
        raise UnreadableFile(f"it is {file_kind(found.st_mode)}, not a regular file")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    try:
        found = os.fstat(handle)  # what was opened, which may have been replaced since
        if not stat.S_ISREG(found.st_mode):
            raise UnreadableFile(f"it is {file_kind(found.st_mode)}, not a regular file")
        if found.st_size > limit:
            raise UnreadableFile(too_large(limit))
        chunks: list[bytes] = []
        size = 0
        while True:  # the file may grow while it is read: stop one byte past the limit
            chunk = os.read(handle, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise UnreadableFile(too_large(limit))
        return b"".join(chunks)
    finally:
        os.close(handle)


def is_regular_file(path: Path) -> bool:
    """Whether `path` itself is a regular file: not a link, folder, pipe or device (never follows a link)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def too_large(limit: int = MAX_FILE_BYTES) -> str:
    """Why a file past the size limit is not read."""
    size = f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"
    return f"it is larger than {size}, the most eventlint reads of one file"


def read_text(path: Path, root: Path | None = None, limit: int = MAX_FILE_BYTES) -> str:
    """A regular file's text as UTF-8 (strict; a byte order mark is dropped), read as `read_regular` reads it."""
    return read_regular(path, root, limit).decode("utf-8-sig")
