"""Configured event bases that name no class: found once, warned about, never advised.

`domain-bases` and `integration-bases` switch the naming convention off for
their kind: only subclasses of the configured classes are events of it. A
value that names no class (`"DomainEvent"` with no module, a misspelt module,
a function) therefore silently turns that kind's rules off, and classes that
do derive from the intended base look baseless. Such a value is a warning
naming the key, with the class the user most likely meant; while it stands,
EVL105 judges no class that derives from a class of the project or from one
of that name (the class meant is unknown), and never advises it.

A base outside the project (a library's) cannot be checked by reading the
project, so it is trusted, unless no class of the project derives from it
while a project class of the same name exists: then it is the project's own
base, misspelt.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from eventlint.config import keys
from eventlint.config.settings import Config
from eventlint.index.names import ProjectIndex
from eventlint.model import EventKind


@dataclass(frozen=True)
class UnresolvedBase:
    """A configured event base that resolves to no class, why, and the project classes it may mean."""

    key: str  # `domain-bases` or `integration-bases`
    number: int
    base: str
    kind: EventKind
    reason: str
    suggestions: tuple[str, ...]

    @property
    def class_names(self) -> frozenset[str]:
        """The class names a class deriving from the intended base would show in its ancestry."""
        return frozenset(name.rpartition(".")[2] for name in (self.base, *self.suggestions))


def configured_bases(config: Config) -> Iterator[tuple[str, int, str, EventKind]]:
    """Every configured base with its key and position."""
    for key, kind, bases in (
        (keys.DOMAIN_BASES.leaf, EventKind.DOMAIN, config.domain_bases),
        (keys.INTEGRATION_BASES.leaf, EventKind.INTEGRATION, config.integration_bases),
    ):
        for number, base in enumerate(bases):
            yield key, number, base, kind


def unresolved_bases(config: Config, index: ProjectIndex) -> list[UnresolvedBase]:
    """The configured bases that name no class the rules can derive events from."""
    found = []
    for key, number, base, kind in configured_bases(config):
        reason = _why_unresolved(index, base)
        if reason is not None:
            found.append(UnresolvedBase(key, number, base, kind, reason, _suggestions(index, base)))
    return found


def _owner(index: ProjectIndex, dotted: str) -> str | None:
    """The longest prefix of a dotted name that is a module of the project."""
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module = ".".join(parts[:cut])
        if index.is_module(module):
            return module
    return None


def _is_package(index: ProjectIndex, name: str) -> bool:
    """Whether a top-level name is a package of the project (a namespace package: one holding a module read)."""
    return index.is_module(name) or any(module.startswith(name + ".") for module in index.modules)


def _why_unresolved(index: ProjectIndex, base: str) -> str | None:
    """Why a configured base names no class, or None when it does (or may, outside the project)."""
    canonical = index.canonical(base)
    if index.is_class(canonical):
        return None
    if "." not in base:
        return f"'{base}' has no module: give the class's fully qualified name"
    owner = _owner(index, base)
    if owner is None:
        if _is_package(index, base.partition(".")[0]):
            return f"no module '{base.rpartition('.')[0]}' in the project"
        return _unused_library_base(index, base)
    if _owner(index, canonical) is None and canonical != base:
        return None  # re-exported from a library: its class, which the project cannot show
    rest = base[len(owner) + 1 :]
    head = rest.partition(".")[0]
    entry = index.entry(owner)
    if entry is not None and "." not in rest:
        if any(name == head for name, _ in entry.facts.instances):
            return f"'{rest}' of module '{owner}' is a variable, not a class"
        if any(function.qualname == head for function in entry.facts.functions):
            return f"'{rest}' of module '{owner}' is a function, not a class"
    if index.resolve(owner, head) is not None:
        return f"'{rest}' of module '{owner}' is not a class"
    if "." in rest:
        return f"no module '{owner}.{head}' in the project"
    return f"module '{owner}' has no class '{rest}'"


def _unused_library_base(index: ProjectIndex, base: str) -> str | None:
    """A base outside the project is doubted only when nothing derives from it and the project has its namesake."""
    if not _suggestions(index, base):
        return None
    if any(base in index.ancestry(info.qualname).names for info in index.iter_classes()):
        return None
    return f"no class of the project derives from '{base}'"


def _suggestions(index: ProjectIndex, base: str) -> tuple[str, ...]:
    """Project classes named as the base's last part, or else close to it (a misspelt class name)."""
    name = base.rpartition(".")[2]
    classes: dict[str, list[str]] = {}
    for info in index.iter_classes():
        if "." not in info.fact.qualname and info.qualname != base:
            classes.setdefault(info.fact.name, []).append(info.qualname)
    names = [name] if name in classes else difflib.get_close_matches(name, list(classes), n=1, cutoff=0.85)
    return tuple(sorted(qualname for close in names for qualname in classes[close])[:3])


def hint(suggestions: tuple[str, ...]) -> str:
    """` (did you mean 'a' or 'b'?)`, or nothing."""
    if not suggestions:
        return ""
    return " (did you mean " + " or ".join(f"'{name}'" for name in suggestions) + "?)"
