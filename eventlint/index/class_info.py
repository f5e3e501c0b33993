"""A class of the project as the index knows it: its facts, and its bases resolved when first asked."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventlint.facts import ClassFact
from eventlint.sources.discovery import SourceFile

if TYPE_CHECKING:
    from eventlint.index.names import ProjectIndex


@dataclass(frozen=True, eq=False)
class ClassInfo:
    """A class of the project; its bases are resolved to canonical names when first asked."""

    qualname: str
    module: str
    fact: ClassFact
    source: SourceFile
    index: ProjectIndex = field(repr=False)

    @functools.cached_property
    def _resolved(self) -> tuple[tuple[str, ...], bool]:
        bases: list[str] = []
        complete = not self.fact.opaque_bases
        for written in self.fact.bases:
            resolved = self._sibling(written) or self.index.resolve(self.module, written)
            if resolved is None:
                bases.append(written)  # unknown: keep the written name for name-based kinds
                complete = False
            else:
                bases.append(resolved)
        return tuple(bases), complete

    def _sibling(self, written: str) -> str | None:
        """A base named after a class of the same class body (`class Event(...)` then `class Created(Event)`).

        The bases of a class statement are read in the body it stands in, so
        a nested class sees the classes defined beside it.
        """
        outer, _, _ = self.fact.qualname.rpartition(".")
        if not outer or self.index.class_info(f"{self.module}.{outer}") is None:
            return None
        head = written.partition(".")[0]
        sibling = f"{self.module}.{outer}.{head}"
        if sibling == self.qualname or self.index.class_info(sibling) is None:
            return None
        return f"{self.module}.{outer}.{written}"

    @property
    def bases(self) -> tuple[str, ...]:
        """The bases, by canonical name (as written when not resolved)."""
        return self._resolved[0]

    @property
    def complete(self) -> bool:
        """Whether every base resolved to a project class or a known outside class."""
        return self._resolved[1]


@dataclass(frozen=True)
class Ancestry:
    """All ancestors of a class, and whether the hierarchy is fully known."""

    names: frozenset[str]
    complete: bool
