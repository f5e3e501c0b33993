"""Files below the project root reached without following a link: what eventlint writes and deletes.

A repository is untrusted input, and git stores symbolic links. A `Folder`
opens every name relative to itself with `O_NOFOLLOW` (where the platform
can: POSIX), so nothing is ever reached through a link, even one swapped in
while eventlint runs; elsewhere each name is checked with `lstat` first. Only
regular files are read (a named pipe is opened without waiting for a
writer, then refused), up to a size limit. Whatever is not what the caller
expects raises `Foreign`.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path
from types import TracebackType

TEMPORARY = re.compile(r"\.tmp-[0-9a-f]{16}\Z")  # the name of a file being written

CLOEXEC = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a named pipe must not wait for a writer
DIRECTORY = getattr(os, "O_DIRECTORY", 0)
RELATIVE = bool(NOFOLLOW and DIRECTORY) and {os.open, os.stat, os.mkdir, os.unlink} <= os.supports_dir_fd


class Foreign(Exception):
    """Something eventlint did not make where it expects its own: a link, a special file, another's folder."""


class Folder:
    """A folder reached without following a link; names in it are opened relative to it, never through one."""

    def __init__(self, path: str, fd: int | None) -> None:
        self.path = path
        self.fd = fd  # None where the platform cannot open relative to a folder: paths, checked first

    @classmethod
    def open(cls, path: Path) -> Folder:
        """The project root (a link above the project is the user's own choice)."""
        text = str(path)
        return cls(text, os.open(text, os.O_RDONLY | DIRECTORY | CLOEXEC) if RELATIVE else None)

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, raised: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the folder."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def at(self, name: str) -> str:
        """What names `name` to the `os` functions: relative to `fd`, or a path."""
        return name if self.fd is not None else os.path.join(self.path, name)

    def shown(self, name: str) -> str:
        """The path of `name` in this folder, for messages."""
        return os.path.join(self.path, name)

    def lstat(self, name: str) -> os.stat_result | None:
        """What `name` is (the link itself, when it is one); None when absent."""
        try:
            return os.stat(self.at(name), dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def names(self) -> list[str]:
        """The names in the folder."""
        return os.listdir(self.fd if self.fd is not None else self.path)

    def folder(self, name: str, create: bool = False) -> Folder | None:
        """The folder `name` in this one (made when `create`); None when absent. Anything else is foreign."""
        if create:
            try:
                os.mkdir(self.at(name), dir_fd=self.fd)
            except FileExistsError:
                pass
        found = self.lstat(name)
        if found is None:
            return None
        if not stat.S_ISDIR(found.st_mode):
            raise Foreign(f"{self.shown(name)} is {kind(found.st_mode)}, not a folder")
        if self.fd is None:
            return Folder(self.shown(name), None)
        try:
            return Folder(self.shown(name), os.open(name, os.O_RDONLY | DIRECTORY | NOFOLLOW | CLOEXEC, dir_fd=self.fd))
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR):  # swapped for a link since
                raise Foreign(f"{self.shown(name)} is not a folder") from None
            raise

    def read(self, name: str, limit: int, whole: bool = True) -> bytes | None:
        """The bytes of the regular file `name` (its first `limit` unless `whole`); None when absent or larger.

        Anything but a regular file (a link, a named pipe, a device) is foreign.
        """
        found = self.lstat(name)
        if found is None:
            return None
        if not stat.S_ISREG(found.st_mode):
            raise Foreign(f"{self.shown(name)} is {kind(found.st_mode)}, not a file eventlint wrote")
        try:
            handle = os.open(self.at(name), os.O_RDONLY | NOFOLLOW | NONBLOCK | CLOEXEC, dir_fd=self.fd)
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.EMLINK):
                raise Foreign(f"{self.shown(name)} is a symbolic link, not a file eventlint wrote") from None
            return None  # unreadable: as good as absent (a write replaces it)
        try:
            opened = os.fstat(handle)
            if not stat.S_ISREG(opened.st_mode):
                raise Foreign(f"{self.shown(name)} is {kind(opened.st_mode)}, not a file eventlint wrote")
            if whole and opened.st_size > limit:
                return None
            chunks: list[bytes] = []
            size = 0
            while size <= limit:
                chunk = os.read(handle, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > limit and whole:
                return None  # grew past the cap while read
            return b"".join(chunks)[:limit]
        finally:
            os.close(handle)

    def replace(self, name: str, blob: bytes) -> None:
        """Put a file of `blob` at `name` atomically: a new temporary file renamed over it (a link is replaced, not followed)."""
        temporary = f".tmp-{secrets.token_hex(8)}"
        handle = create_temporary(self, temporary)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            if self.fd is not None:  # POSIX: rename(2) replaces atomically, relative to this folder
                os.rename(temporary, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            else:
                os.replace(self.at(temporary), self.at(name))
        except BaseException:
            self.unlink(temporary)
            raise

    def create(self, name: str, blob: bytes) -> None:
        """Put a file of `blob` at `name` unless a regular file is there already."""
        found = self.lstat(name)
        if found is None:
            self.replace(name, blob)
        elif not stat.S_ISREG(found.st_mode):
            raise Foreign(f"{self.shown(name)} is {kind(found.st_mode)}, not a file eventlint wrote")

    def unlink(self, name: str) -> None:
        """Remove the name `name` (never what a link points to); quietly when it is gone."""
        try:
            os.unlink(self.at(name), dir_fd=self.fd)
        except OSError:
            pass


def create_temporary(folder: Folder, name: str) -> int:
    """A new file `name` in `folder`, open for writing: never an existing file, never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC
    return os.open(folder.at(name), flags, 0o666, dir_fd=folder.fd)


def kind(mode: int) -> str:
    """What a file of this mode is, in words."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a file"
