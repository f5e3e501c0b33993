"""Where Python imports the project's code from, when the configuration names no `src` root.

A project run as Python runs it puts more folders than its root on the import
path: `python manage.py` puts the folder of `manage.py` there, an installed
src-layout package is imported from `src/`, and a packaging table says which
folder its packages are found in. Named from the repository root instead,
`src/accounts/tasks.py` would be `src.accounts.tasks`, and `from accounts
import tasks` would resolve to nothing. So, with no `src` configured, these
folders are import roots too:

* a folder holding `manage.py` (Django's entry point), unless it is a package itself;
* a `src/` folder with no `__init__.py`, holding at least one package, directly below
  the project root or below a package root of a monorepo (a folder holding
  `pyproject.toml`, `setup.py` or `setup.cfg`);
* a folder a `pyproject.toml` names as where its packages are: `[tool.setuptools]
  package-dir` (`"" = "src"`), `[tool.setuptools.packages.find] where`,
  `[tool.hatch.build.targets.wheel] packages` (the folder above each) and
  `[tool.poetry] packages` (`from`, else the folder of the pyproject).

Only literal values are read, and only folders inside the project that are not
packages themselves count. What is found comes from the files discovery saw
(a file excluded or git-ignored makes no root), plus the packaging files.
Configured `src` roots always win: with any, nothing is inferred.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterator
from pathlib import Path

from eventlint.config.settings import PYPROJECT, Config
from eventlint.files.safeio import is_regular_file, read_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DJANGO_ENTRY = "manage.py"
SRC_FOLDER = "src"
# What makes a folder the root of a package of a monorepo: a setup script (a `.py` file, discovered), or these.
SETUP_SCRIPT = "setup.py"
PACKAGE_FILES = (PYPROJECT, "setup.cfg")
BUILD_TOOLS = ("setuptools", "hatch", "poetry")  # the `[tool.*]` tables that may name package folders
_INIT = "__init__.py"


def names_no_roots(config: Config) -> bool:
    """Whether the configuration leaves the import roots open: no `src` key, or no configuration at all."""
    return not config.src or bool(config.project)


def inferred_roots(config: Config, paths: Collection[Path]) -> tuple[Path, ...]:
    """The import roots Python would use for the project's files `paths`, beyond those the configuration gives.

    Empty when the configuration names its `src` roots. Sorted, each once.
    """
    if not names_no_roots(config):
        return ()
    files = {str(path) for path in paths}
    top = os.path.join(str(config.root), "")
    project_roots = {str(root) for root in (config.root, *config.src_roots)}
    markers: dict[str, bool] = {}

    def is_package(folder: str) -> bool:
        return os.path.join(folder, _INIT) in files

    def is_package_root(folder: str) -> bool:
        if folder in project_roots:
            return True
        if folder not in markers:
            markers[folder] = os.path.join(folder, SETUP_SCRIPT) in files or any(
                is_regular_file(Path(folder, name)) for name in PACKAGE_FILES
            )
        return markers[folder]

    found: set[str] = set()
    holding = {os.path.dirname(text) for text in files if text.startswith(top)}  # the folders holding a file
    for folder in holding:
        if os.path.join(folder, DJANGO_ENTRY) in files and not is_package(folder):
            found.add(folder)
        parts = folder[len(top) :].split(os.sep) if folder != str(config.root) else []
        for depth in range(len(parts) - 1):  # a `src` folder, and its child on the way to this folder
            if parts[depth] == SRC_FOLDER:
                src = top + os.sep.join(parts[: depth + 1])
                child = os.path.join(src, parts[depth + 1])
                if not is_package(src) and is_package(child) and is_package_root(os.path.dirname(src)):
                    found.add(src)
    folders: set[str] = set()
    for folder in holding:  # every folder above a file, for its pyproject.toml
        while folder.startswith(top) and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    for folder in sorted(folders | {str(config.root)}):
        if is_regular_file(Path(folder, PYPROJECT)):
            for declared in _declared_folders(Path(folder)):
                text = os.path.normpath(declared)
                if (text == str(config.root) or text.startswith(top)) and os.path.isdir(text) and not is_package(text):
                    found.add(text)
    return tuple(Path(text) for text in sorted(found - project_roots))


def _declared_folders(folder: Path) -> Iterator[str]:
    """The folders a `pyproject.toml` names as where its packages are (literal strings only), below `folder`."""
    try:
        text = read_text(folder / PYPROJECT)
        if not any(tool in text for tool in BUILD_TOOLS):
            return  # most pyproject files of a monorepo's folders name no package folder: not parsed
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, MemoryError):
        return
    tool = _table(data, "tool")
    setuptools = _table(tool, "setuptools")
    package_dir = _table(setuptools, "package-dir")
    for name, where in package_dir.items():
        if not isinstance(where, str):
            continue
        if name == "":
            yield _below(folder, where)
        elif "." not in name and Path(where).name == name:
            yield _below(folder, str(Path(where).parent))  # `shop = "lib/shop"`: `lib` is the root
    packages = setuptools.get("packages")
    find = _table(packages, "find") if isinstance(packages, dict) else {}
    for where in _strings(find.get("where")):
        yield _below(folder, where)
    wheel = _table(_table(_table(_table(tool, "hatch"), "build"), "targets"), "wheel")
    for package in _strings(wheel.get("packages")):
        yield _below(folder, str(Path(package).parent))
    poetry = _table(tool, "poetry")
    entries = poetry.get("packages")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("include"), str):
            source = entry.get("from", ".")
            if isinstance(source, str):
                yield _below(folder, source)


def _table(data: object, key: str) -> dict[str, object]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _below(folder: Path, relative: str) -> str:
    """A folder named relative to `folder` (an absolute one is kept, and then refused as outside the project)."""
    return os.path.join(str(folder), relative) if relative else str(folder)
