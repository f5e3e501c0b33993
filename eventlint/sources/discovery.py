"""Finding the project's Python files and naming their modules."""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventlint.config.settings import Config, top_package
from eventlint.sources.patterns import GitIgnores, path_patterns
from eventlint.sources.roots import inferred_roots


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


def module_name(path: Path, config: Config, inferred: tuple[Path, ...] = ()) -> tuple[str, bool]:
    """The dotted module a file defines, from the deepest import root holding it: a `src` root, or one
    `inferred` from the project's layout (`eventlint.sources.roots`) when the configuration names none."""
    text = str(path)
    for root in _roots(config, inferred):
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

    As on Python's path, the `src` root listed first wins; then a package over
    a module; then the file that sorts first. A file of no `src` root ranks after every root.
    """
    by_module: dict[str, list[SourceFile]] = {}
    for source in files:
        by_module.setdefault(source.module, []).append(source)
    owners: dict[str, SourceFile] = {}
    shared: list[list[SourceFile]] = []
    for module, sources in by_module.items():
        # As Python's import finder: a package (`x/__init__.py`) wins over a module `x.py` beside it.
        ranked = sorted(sources, key=lambda source: (_rank(source.path, config), not source.is_package, source.display))
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
def _roots(config: Config, inferred: tuple[Path, ...]) -> tuple[str, ...]:
    """The import roots, deepest first, then the project root, as path prefixes.

    Deepest first, a file has one name: `src/accounts/tasks.py` is `accounts.tasks` under a
    `src` root, never also `src.accounts.tasks` under the project root around it.
    """
    roots = sorted(dict.fromkeys((*config.src_roots, *inferred)), key=lambda root: len(root.parts), reverse=True)
    return tuple(os.path.join(str(root), "") for root in (*roots, config.root))


def _dotted(relative: Path) -> tuple[str, bool]:
    parts = list(relative.with_suffix("").parts)
    is_package = bool(parts) and parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(map(_importable, parts)), is_package


def _importable(part: str) -> str:
    """A module name's component: the name itself when an import can spell it, else `<name>`.

    `a.events.py`, `my-tool.py` or a name that is not UTF-8 cannot be imported
    by that name: such a file is still checked, under a name no import
    resolves to and no other file shares (so `pkg/a.events.py` never takes
    the place of the module `pkg.a.events`). Python reads identifiers in
    NFKC, so a file named in other forms is not importable by its name either.
    """
    if part.isidentifier() and (part.isascii() or unicodedata.is_normalized("NFKC", part)):
        return part
    escaped = part.replace("\\", "\\\\").replace(".", "\\x2e")
    return "<" + escaped.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") + ">"


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


def discover(
    config: Config, extra: Sequence[Path] = (), base: Path | None = None, warn: Callable[[str], None] | None = None
) -> list[SourceFile]:
    """Every Python file of the project (and of `extra` paths), sorted, excluded ones left out.

    `warn` hears of an ignore file that could not be read (once per run).
    """
    base = base or config.root
    seen: dict[Path, SourceFile] = {}
    if config.project:  # no configuration: the PATHs and the packages they sit in, nothing more
        starts = [*config.project, *extra]
    else:
        starts = [config.root, *extra]  # every `src_roots` folder is inside the root
    warned: dict[str, None] = {}
    walked: dict[Path, None] = {}
    for start in starts:
        for path in _walk(start.resolve(), config, lambda text: warned.setdefault(text)):
            walked.setdefault(path)
    inferred = inferred_roots(config, walked.keys())
    for path in walked:
        module, is_package = module_name(path, config, inferred)
        seen[path] = SourceFile(path, display_path(path, base), module, is_package)
    if warn is not None:
        for text in warned:
            warn(text)
    return sorted(seen.values(), key=lambda source: source.display)


Discovery = tuple[Config, tuple[Path, ...], Path]  # what a file list depends on: configuration, PATHs outside it, base


def discovered(
    config: Config,
    extra: Sequence[Path],
    base: Path,
    remembered: MutableMapping[Discovery, tuple[SourceFile, ...]] | None,
    warn: Callable[[str], None] | None = None,
) -> list[SourceFile]:
    """The project's files: discovered again, or as a long-running process last saw them (`remembered`)."""
    if remembered is None:
        return discover(config, extra=extra, base=base, warn=warn)
    key = (config, tuple(extra), base)
    if key not in remembered:
        remembered[key] = tuple(discover(config, extra=extra, base=base, warn=warn))
    return list(remembered[key])


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


def _walk(start: Path, config: Config, warn: Callable[[str], None] | None = None) -> Iterable[Path]:
    """The `.py` files at or below `start`; excluded and git-ignored folders are never entered.

    A `.py` PATH that is not a regular file (a named pipe, a device) is still
    yielded: reading it then reports why it is not checked, without blocking.
    """
    exclusions = path_patterns(config.exclude)
    ignores = GitIgnores(config.root, warn) if config.respect_gitignore else None
    if not start.is_dir():
        if start.suffix == ".py" and os.path.lexists(start) and not is_excluded(start, config, ignores):
            yield start
        return
    if is_excluded(start, config, ignores) and start != config.root:
        return
    for folder, dirs, files in os.walk(start):
        here = Path(folder)
        relative = _relative(here, config) if here != config.root else ""
        inside = ignores is not None and (here == config.root or _inside(here, config.root))
        if inside and ignores is not None and ".gitignore" in files:
            ignores.folder(relative)
        prefix = f"{relative}/" if relative else ""

        def skipped(name: str, folder: bool) -> bool:
            # Each name alone: the folders above it were judged on the way down, and never entered if excluded.
            if exclusions.name(name) or (exclusions.globs and exclusions.matches(prefix + name, folder, whole=False)):  # noqa: B023
                return True
            return inside and ignores is not None and ignores.ignored(prefix + name, folder, whole=False)  # noqa: B023

        dirs[:] = sorted(name for name in dirs if not skipped(name, True))
        for name in sorted(files):
            if name.endswith(".py") and not skipped(name, False):
                yield here / name
