"""Finding the project's Python files and naming their modules."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.cache import Memory
from eventlint.config import Config, top_package
from eventlint.patterns import GitIgnores, path_patterns


@dataclass(frozen=True)
class SourceFile:
    """A Python file of the project: where it is, how reports name it, its module."""

    path: Path
    display: str
    module: str
    is_package: bool


def glob_matches(pattern: str, relpath: str) -> bool:
    """Whether a gitignore pattern covers a relative POSIX path or a folder above it."""
    return path_patterns((pattern,)).matches(relpath)


def module_name(path: Path, config: Config) -> tuple[str, bool]:
    """The dotted module a file defines, from the deepest `src` root holding it."""
    text = str(path)
    for root in _roots(config):
        if text.startswith(root):
            return _dotted(Path(text[len(root) :]))
    # Outside the project's tree: named from above its outermost package, as Python would import it.
    _, import_root = top_package(path)
    try:
        return _dotted(path.relative_to(import_root))
    except ValueError:
        return _dotted(Path(path.name))


def module_owners(files: Iterable[SourceFile], config: Config) -> tuple[dict[str, SourceFile], list[list[SourceFile]]]:
    """The file each module name stands for, and the groups of files that share one name.

    As on Python's path, the `src` root listed first wins; then the file that
    sorts first. A file of no `src` root ranks after every root.
    """
    by_module: dict[str, list[SourceFile]] = {}
    for source in files:
        by_module.setdefault(source.module, []).append(source)
    owners: dict[str, SourceFile] = {}
    shared: list[list[SourceFile]] = []
    for module, sources in by_module.items():
        ranked = sorted(sources, key=lambda source: (_rank(source.path, config), source.display))
        owners[module] = ranked[0]
        if len(ranked) > 1:
            shared.append(ranked)
    return owners, shared


def _rank(path: Path, config: Config) -> int:
    text = str(path)
    for number, root in enumerate(config.src):
        if text.startswith(os.path.join(str(root), "")):
            return number
    return len(config.src)


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


def _relative(path: Path, config: Config) -> str:
    text, prefix = str(path), os.path.join(str(config.root), "")
    if text.startswith(prefix):
        return Path(text[len(prefix) :]).as_posix()
    return path.name


def is_excluded(path: Path, config: Config, ignores: GitIgnores | None = None) -> bool:
    """Whether a file or folder is excluded by the default or configured patterns, or by git."""
    relative = _relative(path, config)
    folder = path.is_dir()
    if path_patterns(config.exclude).matches(relative, folder):
        return True
    if ignores is None or not _inside(path, config.root):
        return False
    parts = relative.split("/")
    for end in range(len(parts)):  # the .gitignore files of every folder above it
        ignores.folder("/".join(parts[:end]))
    return ignores.ignored(relative, folder)


def _inside(path: Path, root: Path) -> bool:
    return str(path).startswith(os.path.join(str(root), ""))


def discover(config: Config, extra: Sequence[Path] = (), base: Path | None = None) -> list[SourceFile]:
    """Every Python file of the project (and of `extra` paths), sorted, excluded ones left out."""
    base = base or config.root
    seen: dict[Path, SourceFile] = {}
    if config.project:  # no configuration: the PATHs and the packages they sit in, nothing more
        starts = [*config.project, *extra]
    else:
        starts = [config.root, *(root for root in config.src_roots if not is_below(root, config.root)), *extra]
    for start in starts:
        for path in _walk(start.resolve(), config):
            if path not in seen:
                module, is_package = module_name(path, config)
                seen[path] = SourceFile(path, display_path(path, base), module, is_package)
    return sorted(seen.values(), key=lambda source: source.display)


def discovered(config: Config, extra: Sequence[Path], base: Path, memory: Memory | None) -> list[SourceFile]:
    """The project's files: discovered again, or as a long-running process's `memory` last saw them."""
    if memory is None:
        return discover(config, extra=extra, base=base)
    key = repr((config, extra, base))
    if key not in memory.discovered:
        memory.discovered[key] = discover(config, extra=extra, base=base)
    return list(memory.discovered[key])


def reported_path(shown: str, base: Path) -> Path:
    """The file a report names: `shown` itself when absolute, else below the `base` it was shown from."""
    return Path(shown) if os.path.isabs(shown) else base / shown


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells a file changed on disk without reading it: modification time, size, inode."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def is_below(path: Path, folder: Path) -> bool:
    """Whether a path (resolved first) lies inside a folder."""
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def _walk(start: Path, config: Config) -> Iterable[Path]:
    """The `.py` files at or below `start`; excluded and git-ignored folders are never entered."""
    exclusions = path_patterns(config.exclude)
    ignores = GitIgnores(config.root) if config.respect_gitignore else None
    if start.is_file():
        if start.suffix == ".py" and not is_excluded(start, config, ignores):
            yield start
        return
    if not start.is_dir() or is_excluded(start, config, ignores) and start != config.root:
        return
    for folder, dirs, files in os.walk(start):
        here = Path(folder)
        relative = _relative(here, config) if here != config.root else ""
        inside = ignores is not None and (here == config.root or _inside(here, config.root))
        if inside and ignores is not None and ".gitignore" in files:
            ignores.folder(relative)
        prefix = f"{relative}/" if relative else ""

        def skipped(name: str, folder: bool) -> bool:
            if exclusions.name(name) or exclusions.spec is not None and exclusions.matches(prefix + name, folder):
                return True
            return inside and ignores is not None and ignores.ignored(prefix + name, folder)

        dirs[:] = sorted(name for name in dirs if not skipped(name, True))
        for name in sorted(files):
            if name.endswith(".py") and not skipped(name, False):
                yield here / name
