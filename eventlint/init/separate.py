"""Services that need a configuration each: their code shares module names with another service's.

Two services that are each an import root of their own (`service-orders/src/adapters`,
`service-customers/src/adapters`) make modules of one name. Python never imports
them together, but one configuration reads one file per module name, so the
other service's would go unchecked. Each such service gets its own
`eventlint.toml`, in the folder that ships it (its `Dockerfile`, requirements or packaging:
`eventlint.init.layout.ships`), else its import root: a check from the
repository root judges each file under its nearest configuration.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eventlint.init.layout import ships
from eventlint.init.phrases import is_auxiliary, listing
from eventlint.init.proposal import Entry
from eventlint.init.services import glue_of
from eventlint.sources.discovery import SourceFile


def propose_separate(root: Path, sources: Sequence[SourceFile], src: Sequence[Path]) -> tuple[Entry, ...]:
    """The folders (relative to `root`) that need a configuration of their own, each with the modules it shares."""
    by_module: dict[str, list[SourceFile]] = {}
    for source in sources:
        if not is_auxiliary(source.module):
            by_module.setdefault(source.module, []).append(source)
    shared: dict[Path, set[str]] = {}
    roots = sorted(src, key=lambda folder: len(folder.parts), reverse=True)
    for module, group in by_module.items():
        if len(group) < 2 or all(glue_of(source) for source in group):
            continue  # one file, or only what runs each service (proposed for exclude)
        for source in group:
            home = _home(root, source.path, roots)
            if home is not None:
                shared.setdefault(home, set()).add(module.partition(".")[0])
    if len(shared) < 2:
        return ()
    homes = sorted(shared)
    if any(home in other.parents for home in homes for other in homes):
        return ()  # one inside another: no clean split
    return tuple(
        Entry(
            home.relative_to(root).as_posix(),
            f"its modules {listing(sorted(f'`{name}`' for name in shared[home]))} are another service's names too",
        )
        for home in homes
    )


def _home(root: Path, path: Path, roots: Sequence[Path]) -> Path | None:
    """The folder shipping a file's service: its import root, or the root's parent that ships it."""
    naming = next((folder for folder in roots if folder in path.parents), None)
    if naming is None or naming == root:
        return None
    parent = naming.parent
    if parent != root and root in parent.parents and ships(parent):
        return parent
    return naming
