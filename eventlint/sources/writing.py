"""Writing the project's files back: in place, all or nothing, encoded as they were.

A fix or `eventlint init --write` changes files the user owns, so it keeps
everything of a file but its text: the inode (hard links stay shared; through
a symlink the target changes and the link stays a link), the mode, the BOM,
the encoding its coding cookie declares, and the end of each line (LF, CRLF
or CR, the last one included). It refuses rather than guesses: a path that
leads out of the project or to nothing, a file that is not a regular file, a
read-only file (it is never made writable), a file changed since it was read,
two names of one file that would get two texts. Every target is checked
before the first byte is written; if a write still fails, the files already
written get their old bytes back, so the project is as it was.
"""

from __future__ import annotations

import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.facts.source_text import source_encoding
from eventlint.files.safeio import read_regular

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SourceText:
    """A Python file's text as Python reads it (`\\n` line ends, no BOM), and what gives back its bytes."""

    text: str
    encoding: str  # as `tokenize.detect_encoding` names it: `utf-8-sig` for a BOM, a cookie's codec
    endings: tuple[str, ...]  # the end of each line of `text` as the file has it; "" for the last

    @classmethod
    def decode(cls, data: bytes) -> SourceText:
        """Decode as Python does (BOM, PEP 263 cookie, else UTF-8).

        Raises `SyntaxError` for a cookie naming no codec, `UnicodeDecodeError`
        for bytes that are not text in the declared encoding.
        """
        encoding = source_encoding(data)
        decoded = data.decode(encoding)
        if encoding == "utf-8-sig" and decoded.startswith("\ufeff"):
            decoded = decoded[1:]
        endings = (*_LINE_END.findall(decoded), "")
        return cls("\n".join(_LINE_END.split(decoded)), encoding, endings)

    @property
    def original(self) -> str:
        """The text with the file's own line ends."""
        return self.restored(self.text)

    def restored(self, text: str) -> str:
        """An edited `text` (`\\n` line ends) with the file's line ends given back.

        An edit that keeps the number of lines (every fix does) gets each line's
        own end back, so a file mixing them stays as it was; otherwise every line
        ends as most of the file's lines do.
        """
        lines = text.split("\n")
        if len(lines) == len(self.endings):
            return "".join(line + end for line, end in zip(lines, self.endings))
        common = Counter(end for end in self.endings if end).most_common(1)
        newline = common[0][0] if common else "\n"
        return text if newline == "\n" else text.replace("\n", newline)

    def encoded(self, restored: str) -> bytes:
        """The bytes of a restored text; `UnicodeEncodeError` when its encoding cannot hold it."""
        return restored.encode(self.encoding)  # `utf-8-sig` writes the BOM back


@dataclass(frozen=True)
class Change:
    """One file to write: its path as the project names it, the bytes read from it (None: a new file), the new bytes."""

    path: Path
    before: bytes | None
    after: bytes


@dataclass(frozen=True)
class Problem:
    """Why a file was not written (or not given back its old bytes)."""

    path: Path
    reason: str
    restored: bool = False  # the files already written were given back their old bytes
    kept: bool = True  # no file was changed
    same_file: Path | None = None  # another name of the file, that was to stay as it is

    def message(self, shown: Callable[[Path], str] = str) -> str:
        """The reason, with what became of the other files; `shown` writes a path as reports do."""
        reason = self.reason
        if self.same_file is not None:
            reason = f"it is the same file as {shown(self.same_file)} (a link), which would get another text"
        if self.restored:
            return f"{reason} (the files already written were restored: no file was changed)"
        return f"{reason} (no file was changed)" if self.kept else reason

    def __str__(self) -> str:
        return self.message()


def is_read_only(mode: int, path: Path) -> bool:
    """Whether a file is read-only to its users: root bypasses the mode, so its bits decide, not `access`."""
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not os.access(path, os.W_OK)


def target(path: Path, root: Path) -> tuple[Path | None, str | None]:
    """The file a write to `path` changes (links followed), or why none may be written there.

    Its target must lie inside the project `root` and be a regular, writable
    file; a path that does not exist yet (a new file) has no target and no problem.
    """
    real = Path(os.path.realpath(path))
    if not os.path.lexists(path):
        return None, None
    if not os.path.exists(path):
        return None, f"it is a link to {real}, which does not exist"
    inside = Path(os.path.realpath(root))
    if real != inside and inside not in real.parents:
        return None, f"it leads to {real}, outside the project"
    found = os.stat(real)
    if not stat.S_ISREG(found.st_mode):
        return None, "it is not a regular file"
    if is_read_only(found.st_mode, real):
        return None, "it is read-only"
    return real, None


def write_all(changes: Sequence[Change], root: Path, kept: Sequence[Path] = ()) -> list[Problem]:
    """Write every change, or none: the problems that stopped it (empty when all were written).

    All targets are checked first; a write that fails after that gives the
    files already written their old bytes back (new files are removed).
    `kept` are files read and meant to stay as they are: a change to another
    name of one of them (a hard link, a symlink) would change it too, so it stops the write.
    """
    problems: list[Problem] = []
    planned: dict[tuple[int, int] | Path, Change] = {}  # by inode: two names of one file are written once
    for change in sorted(changes, key=lambda change: change.path):
        try:
            real, why = target(change.path, root)
            if why is None and real is None and change.before is not None:
                why = "it no longer exists"
            if why is None and real is not None:
                if change.before is None:
                    why = "it exists already"
                elif read_regular(real, root) != change.before:
                    why = "it changed since it was read"
        except OSError as error:
            real, why = None, error.strerror or str(error)
        if why is not None:
            problems.append(Problem(change.path, why))
            continue
        key: tuple[int, int] | Path = change.path
        if real is not None:
            found = os.stat(real)
            key = (found.st_dev, found.st_ino)
        other = planned.get(key)
        if other is not None and other.after != change.after:
            problems.append(Problem(change.path, "two texts for one file", same_file=other.path))
        planned.setdefault(key, change)
    for path in kept:
        try:
            found = os.stat(path)
        except OSError:
            continue
        other = planned.get((found.st_dev, found.st_ino))
        if other is not None and other.path != path:
            problems.append(Problem(other.path, "two texts for one file", same_file=path))
    if problems:
        return problems
    written: list[Change] = []
    for change in planned.values():
        try:
            touched = _write(change, root)
        except _Failed as failed:
            if failed.touched:
                written.append(change)
            lost = _restore(written)
            return [Problem(change.path, failed.reason, restored=bool(written) and not lost, kept=not lost), *lost]
        if touched:
            written.append(change)
    return []


class _Failed(Exception):
    def __init__(self, reason: str, touched: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.touched = touched  # the file may hold part of the new bytes


def _write(change: Change, root: Path) -> bool:
    """Write one change in place; True once the file's bytes may have changed."""
    if change.before is None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        path = change.path
    else:
        flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0)
        path = Path(os.path.realpath(change.path))
    try:
        descriptor = os.open(path, flags, 0o666)
    except OSError as error:
        raise _Failed(error.strerror or str(error), touched=False) from None
    try:
        with open(descriptor, "r+b" if change.before is not None else "wb", closefd=True) as out:
            if not stat.S_ISREG(os.fstat(out.fileno()).st_mode):
                raise _Failed("it is not a regular file", touched=False)
            out.write(change.after)
            out.truncate()
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        raise _Failed(error.strerror or str(error), touched=True) from None
    return True


def _restore(written: list[Change]) -> list[Problem]:
    """Give the written files their old bytes back; the ones that could not be."""
    problems = []
    for change in reversed(written):
        try:
            if change.before is None:
                os.unlink(change.path)  # a file this run created
            else:
                with open(os.path.realpath(change.path), "r+b") as out:
                    out.write(change.before)
                    out.truncate()
        except OSError as error:
            problems.append(Problem(change.path, f"cannot give it back its old bytes: {error.strerror or error}", kept=False))
    return problems
