"""Finding the project's Python files and naming their modules."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.config import Config


@dataclass(frozen=True)
class SourceFile:
    """A Python file of the project: where it is, how reports name it, its module."""

    path: Path
    display: str
    module: str
    is_package: bool


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    """A glob as a regex: `**` spans folders, `*` and `?` stay within one."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z")


def glob_matches(pattern: str, relpath: str) -> bool:
    """Whether a gitignore-like pattern covers a relative POSIX path or a folder above it.

    A pattern without `/` matches any single path component (`build`,
    `*.egg-info`); one with `/` is anchored at the project root.
    """
    pattern = pattern.strip("/") if pattern not in ("/", "") else pattern
    parts = relpath.split("/")
    if "/" not in pattern:
        regex = _compile(pattern)
        return any(regex.match(part) for part in parts)
    regex = _compile(pattern)
    return any(regex.match("/".join(parts[:end])) for end in range(1, len(parts) + 1))


def module_name(path: Path, config: Config) -> tuple[str, bool]:
    """The dotted module a file defines, from the deepest `src` root holding it."""
    text = str(path)
    for root in _roots(config):
        if text.startswith(root):
            return _dotted(Path(text[len(root) :]))
    return _dotted(Path(path.name))


@functools.lru_cache(maxsize=64)
def _roots(config: Config) -> tuple[str, ...]:
    """The import roots, deepest first, then the project root, as path prefixes."""
    roots = sorted(config.src_roots, key=lambda root: len(root.parts), reverse=True)
    return tuple(os.path.join(str(root), "") for root in (*roots, config.root))


def _dotted(relative: Path) -> tuple[str, bool]:
    parts = list(relative.with_suffix("").parts)
    is_package = bool(parts) and parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def display_path(path: Path, base: Path) -> str:
    """A path as reports show it: relative POSIX to `base` when below it, else absolute."""
    text, prefix = str(path), os.path.join(str(base), "")
    if text.startswith(prefix):
        return Path(text[len(prefix) :]).as_posix()
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


class _Exclusions:
    """The exclude patterns, sorted by how they match: a name, a name with wildcards, a path."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        names: set[str] = set()
        wild: list[str] = []
        self.anchored: list[re.Pattern[str]] = []
        for pattern in patterns:
            pattern = pattern.strip("/") if pattern not in ("/", "") else pattern
            if "/" in pattern:
                self.anchored.append(_compile(pattern))
            elif "*" in pattern or "?" in pattern:
                wild.append(_compile(pattern).pattern)
            else:
                names.add(pattern)
        self.names = frozenset(names)
        self.wild = re.compile("|".join(f"(?:{regex})" for regex in wild)) if wild else None

    def name(self, part: str) -> bool:
        """Whether one path component is excluded by a pattern without `/`."""
        return part in self.names or (self.wild is not None and self.wild.match(part) is not None)

    def path(self, relpath: str) -> bool:
        """Whether a relative path (not the folders above it) is excluded by an anchored pattern."""
        return any(regex.match(relpath) for regex in self.anchored)

    def covers(self, relpath: str) -> bool:
        """Whether a relative path or any folder above it is excluded."""
        parts = relpath.split("/")
        return any(self.name(part) for part in parts) or any(self.path("/".join(parts[:end])) for end in range(1, len(parts) + 1))


@functools.lru_cache(maxsize=64)
def _exclusions(patterns: tuple[str, ...]) -> _Exclusions:
    return _Exclusions(patterns)


def _relative(path: Path, config: Config) -> str:
    text, prefix = str(path), os.path.join(str(config.root), "")
    if text.startswith(prefix):
        return Path(text[len(prefix) :]).as_posix()
    return path.name


def is_excluded(path: Path, config: Config) -> bool:
    """Whether a file or folder is excluded by the default or configured patterns."""
    return _exclusions(config.exclude).covers(_relative(path, config))


def discover(config: Config, extra: Sequence[Path] = (), base: Path | None = None) -> list[SourceFile]:
    """Every Python file of the project (and of `extra` paths), sorted, excluded ones left out."""
    base = base or config.root
    seen: dict[Path, SourceFile] = {}
    starts = [config.root, *(root for root in config.src_roots if not is_below(root, config.root)), *extra]
    for start in starts:
        for path in _walk(start.resolve(), config):
            if path not in seen:
                module, is_package = module_name(path, config)
                seen[path] = SourceFile(path, display_path(path, base), module, is_package)
    return sorted(seen.values(), key=lambda source: source.display)


def is_below(path: Path, folder: Path) -> bool:
    """Whether a path (resolved first) lies inside a folder."""
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _walk(start: Path, config: Config) -> Iterable[Path]:
    """The `.py` files at or below `start`; excluded folders are never entered."""
    exclusions = _exclusions(config.exclude)
    if start.is_file():
        if start.suffix == ".py" and not is_excluded(start, config):
            yield start
        return
    if not start.is_dir() or is_excluded(start, config) and start != config.root:
        return
    for folder, dirs, files in os.walk(start):
        here = Path(folder)
        relative = _relative(here, config) if here != config.root else ""
        prefix = f"{relative}/" if relative else ""
        dirs[:] = sorted(name for name in dirs if not (exclusions.name(name) or exclusions.path(prefix + name)))
        for name in sorted(files):
            if name.endswith(".py") and not (exclusions.name(name) or exclusions.path(prefix + name)):
                yield here / name
