"""Where the top-level packages are: the `src` roots to propose.

The code says how it imports itself: `from shop.ordering import ...` in a
project holding `src/shop/` makes `src` an import root (a `src/` layout);
`from src.contexts import ...` makes the project root one. Each absolute
import votes for the folder holding the package or module it names; roots
with a fair share of the votes are proposed. Where several folders hold a
name (`services/orders` holds the package `orders`, `services` the folder
of the service), the vote goes to the one holding a real package or module
of that name, the one the importing file is inside first: a service run
from its own folder imports its packages from there (even where that folder,
shipped on its own with its `Dockerfile` or requirements, has an `__init__.py`). A root whose every
imported name another root holds too is not proposed: Python could not
tell them apart. A project that imports none of
its own modules gets the folders above its outermost packages (a folder
with an `__init__.py`). Test, example and tooling code makes no root: files
outside every root are named from the project root in any case.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Sequence
from pathlib import Path

from eventlint.facts import decode
from eventlint.files.safeio import is_regular_file, read_regular
from eventlint.init.phrases import counted, is_auxiliary, listing
from eventlint.init.proposal import Entry
from eventlint.sources.discovery import SourceFile

_ABSOLUTE_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)[\w.]*[ \t]+import\b|import[ \t]+([A-Za-z_]\w*))", re.M)
SHARE = 0.1  # of the votes of the root most imported from, for a root to be proposed too


def propose_src(root: Path, files: Sequence[SourceFile]) -> tuple[Entry, ...]:
    """The `src` entries: every import root the code imports from, the project root last."""
    holders = _holders(root, files)
    votes: dict[Path, collections.Counter[str]] = {}
    for source in files:
        for head in _imported_heads(source.path):
            folders = holders.get(head)
            if folders and not is_auxiliary(head):
                votes.setdefault(_imported_from(source.path, head, folders), collections.Counter())[head] += 1
    if not votes:
        return _from_packages(root, files)
    most = max(sum(counted_heads.values()) for counted_heads in votes.values())
    kept = [folder for folder, heads in votes.items() if sum(heads.values()) >= max(1, SHARE * most)]
    alone = [folder for folder in kept if not _shadowed(folder, votes[folder], kept, holders)]
    kept = alone or kept  # every root shadowed by another: services alike, each configured apart
    entries = []
    for folder in sorted(kept, key=lambda folder: (folder == root, folder.as_posix())):
        heads = votes[folder]
        names = [name for name, _ in heads.most_common()]
        imports = counted(sum(heads.values()), "import")
        entries.append(Entry(_shown(root, folder), f"{imports} of the project's own modules from here: {listing(names, 6)}"))
    return tuple(entries)


def _holders(root: Path, files: Sequence[SourceFile]) -> dict[str, set[Path]]:
    """For each name a top-level package or module may have, the folders (no packages) holding one of that name."""
    holders: dict[str, set[Path]] = {}
    for source in files:
        try:
            parts = source.path.relative_to(root).parts
        except ValueError:
            continue
        for depth, part in enumerate(parts):
            folder = root.joinpath(*parts[:depth])
            if depth and (folder / "__init__.py").is_file() and not ships(folder):
                break  # inside a package: what it holds is imported through the package
            name = part.removesuffix(".py") if depth == len(parts) - 1 else part
            holders.setdefault(name, set()).add(folder)
    return holders


SHIPPING = ("Dockerfile", "requirements.txt", "pyproject.toml", "setup.py", "setup.cfg", "Pipfile", "manage.py")


def ships(folder: Path) -> bool:
    """Whether a folder is shipped on its own (its `Dockerfile`, requirements, packaging): a service run from it
    may import what it holds as top-level packages, though the folder has an `__init__.py` of its own."""
    return any(is_regular_file(folder / name) for name in SHIPPING)


def _imported_from(path: Path, head: str, folders: set[Path]) -> Path:
    """The folder an import of `head` in the file `path` is taken from: one holding a real package or module
    named so before a bare folder, one the file is inside (the deepest) before others, then the shallowest."""

    def preference(folder: Path) -> tuple[bool, bool, int, str]:
        real = _holds(folder, head)
        inside = folder in path.parents
        return (not real, not inside, -len(folder.parts) if inside else len(folder.parts), folder.as_posix())

    return min(folders, key=preference)


def _shadowed(folder: Path, heads: collections.Counter[str], kept: Sequence[Path], holders: dict[str, set[Path]]) -> bool:
    """Whether every name imported from `folder` is held by another kept root too (two services' `app`)."""
    return all(any(other != folder and other in kept and _holds(other, head) for other in holders[head]) for head in heads)


def _holds(folder: Path, name: str) -> bool:
    """Whether a folder holds a real package or module of that name (not a bare folder)."""
    return (folder / name / "__init__.py").is_file() or (folder / f"{name}.py").is_file()


def _imported_heads(path: Path) -> list[str]:
    """The first names of the absolute imports of a file (a text scan: no parse needed)."""
    try:
        text = decode(read_regular(path))
    except (OSError, UnicodeDecodeError, SyntaxError, LookupError):
        return []
    return [match[0] or match[1] for match in _ABSOLUTE_IMPORT.findall(text)]


def _from_packages(root: Path, files: Sequence[SourceFile]) -> tuple[Entry, ...]:
    """The folders above the outermost packages, when no import tells."""
    found: dict[Path, list[str]] = {}
    for source in files:
        top = _top_package(root, source.path.parent)
        if top is not None and not is_auxiliary(top.name):
            names = found.setdefault(top.parent, [])
            if top.name not in names:
                names.append(top.name)
    if not found:
        return (Entry(".", "no package here: modules are named from the project root"),)
    entries = []
    for folder in sorted(found, key=lambda folder: (folder == root, folder.as_posix())):
        names = sorted(found[folder])
        what = "the top-level package" if len(names) == 1 else "the top-level packages"
        entries.append(Entry(_shown(root, folder), f"{what} {listing(names, 6)}"))
    return tuple(entries)


def _top_package(root: Path, folder: Path) -> Path | None:
    """The outermost package folder holding `folder`, not above `root`; None outside any package."""
    top = None
    while folder != root and root in folder.parents and (folder / "__init__.py").is_file():
        top, folder = folder, folder.parent
    return top


def _shown(root: Path, folder: Path) -> str:
    return "." if folder == root else folder.relative_to(root).as_posix()
