"""The project configuration as the run uses it: a frozen `Config` and its parts.

Reading and validating a configuration file is `eventlint.config.loading`; the keys it may hold,
each declared once, are `eventlint.config.keys`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from eventlint.config.presets import Preset
from eventlint.model import Role

CONFIG_FILE = "eventlint.toml"
PYPROJECT = "pyproject.toml"

DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".eventlint_cache",
    "__pycache__",
    "__pypackages__",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "*.egg-info",
)

DISPATCH_KINDS: tuple[str, ...] = tuple(role.key for role in Role)  # the `[dispatch]` keys of call patterns


class ConfigError(Exception):
    """A configuration that cannot be used; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class BoundedContext:
    """A bounded context of the context map and the module prefixes it owns."""

    name: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class DispatchPatterns(Preset):
    """User call patterns, by what the call does to an event, added to the presets."""

    disable_presets: tuple[str, ...] = ()


@dataclass(frozen=True)
class NamingOptions:
    """Exceptions to the naming rules (EVL101-EVL104)."""

    past_tense_words: tuple[str, ...] = ()
    ignore_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know about the project, parsed once."""

    root: Path
    source: Path | None = None
    src: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
    project: tuple[Path, ...] = ()  # with no configuration: the paths that make the project (else all of root)
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    domain_bases: tuple[str, ...] = ()
    integration_bases: tuple[str, ...] = ()
    contexts: tuple[BoundedContext, ...] = ()
    published_language: tuple[str, ...] = ()
    contract_modules: tuple[str, ...] = ()  # a context's own contract types (EVL303)
    shared_kernels: tuple[tuple[str, ...], ...] = ()
    relationships: tuple[tuple[str, str], ...] = ()
    dispatch: DispatchPatterns = field(default_factory=DispatchPatterns)
    naming: NamingOptions = field(default_factory=NamingOptions)
    # Read from the disk, not the file: top-level packages shipping `py.typed` (libraries).
    libraries: frozenset[str] = frozenset()

    def fingerprint(self) -> str:
        """The configuration as text that is the same in every process: a set prints in its hash order, which differs."""
        return repr((replace(self, libraries=frozenset()), sorted(self.libraries)))

    @property
    def src_roots(self) -> tuple[Path, ...]:
        """The import roots inside the project, defaulting to the project root.

        A `src` folder outside the project is not read (a setup warning says so):
        a configuration never takes the linter out of the folder it governs.
        """
        inside = tuple(root for root in self.src if root.is_relative_to(self.root))
        return inside or (self.root,)

    def with_selection(self, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> Config:
        """A copy with command-line selection applied: `select` replaces, `ignore` extends."""
        return replace(
            self,
            select=select if select is not None else self.select,
            ignore=self.ignore + ignore,
        )


def default_config(root: Path) -> Config:
    """The configuration used when the project has none: `src = ["."]`, no contexts."""
    return Config(root=root.resolve())


def unconfigured(paths: Sequence[Path]) -> Config:
    """With no configuration anywhere, the project is what the PATHs name (the cwd when none).

    There is no project root to trust, so nothing beyond the PATHs is read but
    the packages they sit in (for imports between their modules): a PATH inside
    a package brings in its top-level package, whose parent is the import root.
    """
    starts: list[Path] = []
    roots: list[Path] = []
    for path in [Path(p).resolve() for p in paths] or [Path.cwd().resolve()]:
        start, root = top_package(path)
        if start not in starts:
            starts.append(start)
        if root not in roots:
            roots.append(root)
    common = Path(os.path.commonpath([str(root) for root in roots]))
    return Config(root=common, src=tuple(roots), project=tuple(starts))


def top_package(path: Path) -> tuple[Path, Path]:
    """The outermost package folder holding `path` (or `path` itself), and the folder above it."""
    folder = path if path.is_dir() else path.parent
    top = None
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        top, folder = folder, folder.parent
    if top is None:
        return path, folder
    return top, top.parent
