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
    roots = sorted(config.src_roots, key=lambda root: len(root.parts), reverse=True)
    for root in (*roots, config.root):
        try:
            relative = path.relative_to(root)
        except ValueError:
            continue
        return _dotted(relative)
    return _dotted(Path(path.name))


def _dotted(relative: Path) -> tuple[str, bool]:
    parts = list(relative.with_suffix("").parts)
    is_package = bool(parts) and parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def display_path(path: Path, base: Path) -> str:
    """A path as reports show it: relative POSIX to `base` when below it, else absolute."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def is_excluded(path: Path, config: Config) -> bool:
    """Whether a file or folder is excluded by the default or configured patterns."""
    try:
        relative = path.relative_to(config.root).as_posix()
    except ValueError:
        relative = path.name
    return any(glob_matches(pattern, relative) for pattern in config.exclude)


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
    if start.is_file():
        if start.suffix == ".py" and not is_excluded(start, config):
            yield start
        return
    if not start.is_dir() or is_excluded(start, config) and start != config.root:
        return
    for folder, dirs, files in os.walk(start):
        here = Path(folder)
        dirs[:] = sorted(name for name in dirs if not is_excluded(here / name, config))
        for name in sorted(files):
            if name.endswith(".py"):
                path = here / name
                if not is_excluded(path, config):
                    yield path
