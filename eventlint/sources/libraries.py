"""Which top-level packages of the project are libraries: they ship `py.typed` (PEP 561).

A package that marks itself typed is imported by other projects, and its event
classes beside the event base are its API for them to derive from: renaming
them (as the naming rules' fix would) breaks every user. The naming rules
judge the events of applications, not a library's extension points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from eventlint.config.settings import Config
from eventlint.files.safeio import is_regular_file
from eventlint.sources.discovery import SourceFile

MARKER = "py.typed"


def typed_packages(files: Iterable[SourceFile], marked: Callable[[Path], bool] | None = None) -> frozenset[str]:
    """The top-level packages among the project's files (as their import roots name them) whose folder holds a
    regular `py.typed` file (`marked` tells, by default from the disk): a src layout's packages are found too."""
    marked = marked or (lambda folder: is_regular_file(folder / MARKER))
    return frozenset(
        source.module for source in files if source.is_package and source.module.isidentifier() and marked(source.path.parent)
    )


def with_libraries(config: Config, files: Iterable[SourceFile]) -> Config:
    """`config` knowing which of the project's packages (of its `files`) are libraries (read from the disk)."""
    libraries = typed_packages(files)
    return config if libraries == config.libraries else replace(config, libraries=libraries)


def in_library(config: Config, module: str) -> bool:
    """Whether `module` belongs to one of the project's library packages."""
    return module.partition(".")[0] in config.libraries


def marked_in_memory(sources: Mapping[str, str | bytes]) -> tuple[frozenset[str], dict[str, str | bytes]]:
    """An in-memory project's `py.typed` entries, as the folders holding them; the sources without them."""
    marked = frozenset(
        relpath.rpartition("/")[0] for relpath in sources if relpath.rpartition("/")[2] == MARKER and "/" in relpath
    )
    rest = {relpath: text for relpath, text in sources.items() if relpath.rpartition("/")[2] != MARKER}
    return marked, rest
