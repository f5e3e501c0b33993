"""Path patterns with gitignore's meaning: `exclude`, `per-file-ignores` and `.gitignore` files.

Matching is pathspec's `GitIgnoreSpec`, which replicates git's own rules (a
pattern without `/` matches at any depth, one with `/` is anchored, `**`
spans folders, `!` negates, a trailing `/` matches folders only). Plain
names (`build`, `.venv`), the common case, are looked up in a set first.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pathspec


def normalise(pattern: str) -> str:
    """A pattern as git reads it: `./shop/**` means `shop/**`."""
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


class PathPatterns:
    """A list of gitignore patterns, matched against paths relative to one folder."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        lines = [normalise(pattern) for pattern in patterns]
        plain = [line for line in lines if _plain(line)]
        negated = any(line.startswith("!") for line in lines)
        self.names = frozenset() if negated else frozenset(plain)
        rest = lines if negated else [line for line in lines if not _plain(line)]
        self.spec = pathspec.GitIgnoreSpec.from_lines(rest) if rest else None

    def name(self, part: str) -> bool:
        """Whether one path component alone is matched (by a plain name)."""
        return part in self.names

    def verdict(self, relpath: str, is_folder: bool = False) -> bool | None:
        """True when matched, False when a `!` pattern re-includes it, None when no pattern applies."""
        if any(part in self.names for part in relpath.split("/")):
            return True
        if self.spec is None:
            return None
        return self.spec.check_file(relpath + "/" if is_folder else relpath).include

    def matches(self, relpath: str, is_folder: bool = False) -> bool:
        """Whether the path, or a folder above it, is matched."""
        return self.verdict(relpath, is_folder) is True


def _plain(line: str) -> bool:
    return bool(line) and not any(char in line for char in "/*?[]!\\#") and line == line.strip()


@functools.lru_cache(maxsize=256)
def path_patterns(patterns: tuple[str, ...]) -> PathPatterns:
    """The compiled patterns (cached: configurations are parsed once, matched often)."""
    return PathPatterns(patterns)


class GitIgnores:
    """The `.gitignore` files of a tree (and `.git/info/exclude`), each applying below its folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._specs: list[tuple[str, PathPatterns]] = []
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
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        self._specs.append((relative, PathPatterns(tuple(line for line in lines if line.strip()))))

    def ignored(self, relpath: str, is_folder: bool = False) -> bool:
        """Whether git ignores the path: the deepest `.gitignore` with a verdict decides."""
        verdict: bool | None = None
        for base, patterns in self._specs:
            if base and not relpath.startswith(base + "/"):
                continue
            found = patterns.verdict(relpath[len(base) + 1 :] if base else relpath, is_folder)
            if found is not None:
                verdict = found
        return verdict is True
