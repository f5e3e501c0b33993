"""Which top-level packages of the project are libraries: they ship `py.typed` (PEP 561).

A package that marks itself typed is imported by other projects, and its event
classes beside the event base are its API for them to derive from: renaming
them (as the naming rules' fix would) breaks every user. The naming rules
judge the events of applications, not a library's extension points.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from eventlint.config.settings import Config
from eventlint.files.safeio import is_regular_file

MARKER = "py.typed"


def typed_packages(config: Config) -> frozenset[str]:
    """The top-level packages below the import roots that hold a regular `py.typed` file."""
    found: set[str] = set()
    for root in config.src_roots:
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.isidentifier() or not entry.is_dir(follow_symlinks=False):
                continue
            folder = Path(entry.path)
            if is_regular_file(folder / "__init__.py") and is_regular_file(folder / MARKER):
                found.add(entry.name)
    return frozenset(found)


def with_libraries(config: Config) -> Config:
    """`config` knowing which of the project's packages are libraries (read from the disk)."""
    libraries = typed_packages(config)
    return config if libraries == config.libraries else replace(config, libraries=libraries)


def in_library(config: Config, module: str) -> bool:
    """Whether `module` belongs to one of the project's library packages."""
    return module.partition(".")[0] in config.libraries


def marked_in_memory(config: Config, sources: Mapping[str, str | bytes]) -> tuple[Config, dict[str, str | bytes]]:
    """An in-memory project's `pkg/py.typed` entries as library marks; the sources without them."""
    typed = {relpath.partition("/")[0] for relpath in sources if relpath.endswith(f"/{MARKER}") and relpath.count("/") == 1}
    rest = {relpath: text for relpath, text in sources.items() if relpath.rpartition("/")[2] != MARKER}
    return replace(config, libraries=config.libraries | typed), rest
