"""What one map a team keeps says, in its own names, before it is matched to the project's modules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventlint.init.proposal import Entry


@dataclass(frozen=True)
class Unit:
    """A part the map names as a unit of its own (a tach module, a contract's independent module)."""

    name: str  # a dotted module, or a Context Mapper bounded context's name (`by_name`)
    evidence: str


@dataclass(frozen=True)
class Flow:
    """`upstream -> downstream`: the downstream part may depend on the upstream one."""

    upstream: str
    downstream: str
    evidence: str


@dataclass
class Declared:
    """The units, flows and shared kernels one map file declares, and what it names that is no context.

    `by_name` says the names are bounded contexts' names (Context Mapper), to be matched to packages
    by name; otherwise they are dotted modules as the project imports them.
    """

    file: str
    by_name: bool = False
    units: list[Unit] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    kernels: list[Flow] = field(default_factory=list)  # pairs sharing a kernel: no direction
    left_out: list[Entry] = field(default_factory=list)
    source_roots: tuple[str, ...] = ()  # folders the map's module names are relative to (tach)

    named: set[str] = field(default_factory=set)

    def unit(self, name: str, evidence: str) -> None:
        """Add a unit, once per name (the first evidence kept)."""
        if name not in self.named:
            self.named.add(name)
            self.units.append(Unit(name, evidence))

    def leave_out(self, name: str, reason: str) -> None:
        """Say why a part the map names is no context."""
        self.left_out.append(Entry(name, f"{self.file}: {reason}"))


class UnreadableMap(ValueError):
    """A map file whose content is not of the shape its tool reads."""


_LINE = re.compile(r"\bline:? (\d+)")


def not_valid(language: str, error: Exception) -> UnreadableMap:
    """A parser's error as the reason a map is not read: `it is not valid TOML (line 3)`."""
    line = _LINE.search(str(error))
    return UnreadableMap(f"it is not valid {language}" + (f" (line {line[1]})" if line else ""))


def unquoted(text: str) -> str:
    """A scalar without the quotes around it."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def is_wildcard(name: str) -> bool:
    """Whether a module name is a pattern (`shop.*.models`), which names no one package."""
    return any(mark in name for mark in "*?[")
