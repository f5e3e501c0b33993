"""Path patterns with gitignore's meaning: `exclude`, `per-file-ignores` and `.gitignore` files.

Each line is compiled by `eventlint.files.globs`, which follows git's own rules (a
pattern without `/` matches at any depth, one with `/` is anchored, `**`
spans folders, `!` negates, a trailing `/` matches folders only) and matches
in time linear in the path. Plain names (`build`, `.venv`), the common case,
are looked up in a set first. A line git accepts that can match nothing
(`!`, `obj\\`) matches nothing; no line stops a run.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

from eventlint.files.globs import Glob, compile_line
from eventlint.files.safeio import read_regular

# A `.gitignore` is a few hundred lines; one of megabytes is a mistake or an attack.
MAX_IGNORE_FILE_BYTES = 1024 * 1024
Verdicts = list["bool | None"]


def normalise(pattern: str) -> str:
    """A pattern as git reads it: `./shop/**` means `shop/**`."""
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


class PathPatterns:
    """A list of gitignore patterns, matched against paths relative to one folder."""

    def __init__(self, patterns: tuple[str, ...], ignore_file: bool = False) -> None:
        # `./shop` in the configuration means `shop`; in a `.gitignore`, as for git, it matches nothing.
        lines = list(patterns) if ignore_file else [normalise(pattern) for pattern in patterns]
        plain = [line for line in lines if _plain(line)]
        negated = any(line.startswith("!") for line in lines)
        self.names = frozenset() if negated else frozenset(plain)
        rest = lines if negated else [line for line in lines if not _plain(line)]
        self.globs: tuple[Glob, ...] = tuple(glob for glob in map(compile_line, rest) if glob is not None)

    def name(self, part: str) -> bool:
        """Whether one path component alone is matched (by a plain name)."""
        return part in self.names

    def levels(self, relpath: str, is_folder: bool = False, whole: bool = True) -> Verdicts:
        """For each folder above the path, then the path itself: matched (True), re-included (False), or None.

        `whole=False` judges the path itself only (its folders were judged on the way down).
        """
        if not whole:
            return self._own(relpath, is_folder)
        parts = relpath.split("/")
        last = len(parts) - 1
        verdicts: Verdicts = [None] * len(parts)
        first = 0
        if any(parts[level] in self.names for level in range(first, last + 1)):
            for level in range(first, last + 1):
                if parts[level] in self.names:
                    verdicts[level] = True
        if not self.globs:
            return verdicts
        ends = [0] * len(parts)  # where each level ends in `relpath`
        position = -1
        for level, part in enumerate(parts):
            position += len(part) + 1
            ends[level] = position
        for glob in self.globs:
            if glob.anchored:
                matched = set(glob.hits(relpath, ends[first:]))
                hits = [level for level in range(first, last + 1) if ends[level] in matched]
            else:
                hits = [level for level in range(first, last + 1) if glob.hits(parts[level], [len(parts[level])])]
            for level in hits:
                if glob.folder_only and level == last and not is_folder:
                    continue
                verdicts[level] = not glob.negated
        return verdicts

    def _own(self, relpath: str, is_folder: bool) -> Verdicts:
        """The levels of a path with only the path itself judged (the common case, in a walk)."""
        slashes = relpath.count("/")
        name = relpath[relpath.rfind("/") + 1 :]
        verdict: bool | None = True if name in self.names else None
        for glob in self.globs:
            if glob.folder_only and not is_folder:
                continue
            text = relpath if glob.anchored else name
            if glob.hits(text, [len(text)]):
                verdict = not glob.negated
        return [None] * slashes + [verdict]

    def verdict(self, relpath: str, is_folder: bool = False, whole: bool = True) -> bool | None:
        """True when matched, False when a `!` pattern re-includes it, None when no pattern applies."""
        return _decide(self.levels(relpath, is_folder, whole))

    def matches(self, relpath: str, is_folder: bool = False, whole: bool = True) -> bool:
        """Whether the path, or a folder above it, is matched."""
        return self.verdict(relpath, is_folder, whole) is True


def _decide(verdicts: Verdicts) -> bool | None:
    """A folder above that is matched decides (git never looks inside it); else the path's own verdict."""
    if any(verdict is True for verdict in verdicts[:-1]):
        return True
    return verdicts[-1]


def _plain(line: str) -> bool:
    return bool(line) and not any(char in line for char in "/*?[]!\\#") and line == line.strip()


@functools.lru_cache(maxsize=256)
def path_patterns(patterns: tuple[str, ...]) -> PathPatterns:
    """The compiled patterns (cached: configurations are parsed once, matched often)."""
    return PathPatterns(patterns)


class GitIgnores:
    """The `.gitignore` files of a tree (and `.git/info/exclude`), each applying below its folder.

    They are read as every file of the project is: regular files only, of a
    bounded size, never through a link out of the tree; one that cannot be
    read is `warn`ed about once and applies nothing.
    """

    def __init__(self, root: Path, warn: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.warn = warn
        self._specs: dict[str, list[PathPatterns]] = {}  # by folder: `.git/info/exclude` first, then `.gitignore`
        self._seen: set[str] = set()
        self._read("", root / ".git" / "info" / "exclude")
        self.folder("")

    def folder(self, relative: str) -> None:
        """Read the `.gitignore` of a folder (relative POSIX path, "" for the root), once."""
        if relative in self._seen:
            return
        self._seen.add(relative)
        self._read(relative, self.root / relative / ".gitignore")

    def _read(self, relative: str, path: Path) -> None:
        if not os.path.lexists(path):
            return
        try:
            data = read_regular(path, self.root, MAX_IGNORE_FILE_BYTES)
        except OSError as error:
            if self.warn is not None and not (os.path.isdir(path) and path.name == "exclude"):
                shown = path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
                self.warn(f"{shown}: not read, so it excludes nothing: {error.strerror or error}")
            return
        # Bytes that are not UTF-8 stand for themselves, as in the file names they match.
        lines = data.decode("utf-8", "surrogateescape").splitlines()
        self._specs.setdefault(relative, []).append(PathPatterns(tuple(line for line in lines if line.strip()), ignore_file=True))

    def ignored(self, relpath: str, is_folder: bool = False, whole: bool = True) -> bool:
        """Whether git ignores the path: at each level the deepest `.gitignore` with a verdict decides.

        `whole=False` judges the path itself only, for a walk that never enters an ignored folder.
        """
        if not self._specs:
            return False
        parts = relpath.split("/")
        verdicts: Verdicts = [None] * len(parts)
        for base in self._bases(relpath, parts):
            depth = base.count("/") + 1 if base else 0
            below = relpath[len(base) + 1 :] if base else relpath
            for spec in self._specs[base]:
                for offset, verdict in enumerate(spec.levels(below, is_folder, whole)):
                    if verdict is not None:
                        verdicts[depth + offset] = verdict
        return _decide(verdicts) is True

    def _bases(self, relpath: str, parts: list[str]) -> list[str]:
        """The folders above the path that have ignore files, the shallowest first."""
        if len(self._specs) <= len(parts):  # few ignore files: test each
            found = [base for base in self._specs if not base or relpath.startswith(base + "/")]
            return sorted(found, key=len)
        bases, base = [], ""
        for depth in range(len(parts)):
            if depth:
                base = f"{base}/{parts[depth - 1]}" if depth > 1 else parts[0]
            if base in self._specs:
                bases.append(base)
        return bases
