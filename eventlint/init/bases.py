"""Event bases: classes that other classes of the project derive from, named or used like events.

A family is a base and every project class deriving from it, transitively.
A base counts when its own name ends in `Event`, or when most of its
subclasses' names do. Its kind comes from names: `Domain` or `Integration` in
the base's own name, else in its subclasses' names. Where the names say both
kinds, or neither while the project names its kinds elsewhere, the base is
proposed commented out, with the reason: a wrong kind would turn every one of
its events into a false finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eventlint.index.catalogue import BASE_NAMES, suffix_kind
from eventlint.index.names import ProjectIndex
from eventlint.init.phrases import counted, is_auxiliary, listing
from eventlint.init.proposal import Entry, ProposedBases
from eventlint.model import EventKind

MARKS = (("Integration", EventKind.INTEGRATION), ("Domain", EventKind.DOMAIN))


@dataclass(frozen=True)
class Family:
    """An event base and the project classes deriving from it (definition order)."""

    base: str
    members: tuple[str, ...]
    tests: tuple[str, ...] = ()  # classes of test code deriving from it: evidence only where no other does

    @property
    def name(self) -> str:
        """The base's class name."""
        return short(self.base)

    @property
    def marked(self) -> EventKind | None:
        """The kind the base's own name says (`DomainEvent`, `IntegrationMessage`), if any."""
        return name_kind(self.name)

    def evidence(self) -> str:
        """`14 classes derive from it: OrderStartedDomainEvent, ...`."""
        members, what = (self.members, "class") if self.members else (self.tests, "test class")
        derives = "derives" if len(members) == 1 else "derive"
        return f"{counted(len(members), what, what + 'es')} {derives} from it: {listing([short(m) for m in members])}"


def short(qualname: str) -> str:
    """The last part of a dotted name."""
    return qualname.rpartition(".")[2]


def name_kind(name: str) -> EventKind | None:
    """The kind a base's name marks: `Integration` or `Domain` in it."""
    return next((kind for mark, kind in MARKS if mark in name), None)


def families(index: ProjectIndex) -> list[Family]:
    """Every event-like class (of the project or a library) that project classes derive from.

    Classes of test code count only for a base named `DomainEvent` or `IntegrationEvent` that no
    other class derives from yet: the name says what it is, the tests show it in use.
    """
    members: dict[str, list[str]] = {}
    tests: dict[str, list[str]] = {}
    for info in index.iter_classes():
        found = tests if is_auxiliary(info.module) else members
        for ancestor in sorted(index.ancestry(info.qualname).names):
            found.setdefault(ancestor, []).append(info.qualname)
    kept = [Family(base, tuple(found)) for base, found in members.items() if _event_like(base, found)]
    named = set(BASE_NAMES.values())
    kept.extend(
        Family(base, (), tuple(found))
        for base, found in tests.items()
        if base not in members and short(base) in named and not is_auxiliary(base)
    )
    return kept


def _event_like(base: str, members: Sequence[str]) -> bool:
    if base.startswith("builtins.") or is_auxiliary(base):
        return False
    if short(base).endswith("Event"):
        return True
    named = sum(1 for member in members if short(member).endswith("Event"))
    return len(members) >= 3 and 3 * named >= 2 * len(members)


def propose_bases(index: ProjectIndex) -> ProposedBases:
    """The event bases to configure: the outermost family of each kind, and the undecided ones."""
    found = families(index)
    marked = [family for family in found if family.marked is not None]
    kept = [f for f in marked if not any(f.base in other.members and other.marked == f.marked for other in marked)]
    decided: dict[EventKind, list[Entry]] = {kind: [] for kind in EventKind}
    for family in kept:
        assert family.marked is not None
        decided[family.marked].append(Entry(family.base, family.evidence()))
    undecided: list[Entry] = []
    covered = {member for family in kept for member in family.members} | {family.base for family in kept}
    unmarked = [f for f in found if f.marked is None and f.base not in covered]
    unmarked = [f for f in unmarked if not any(k.base in f.members for k in kept)]  # a base of the kinds' bases
    outermost = [f for f in unmarked if not any(f.base in other.members for other in unmarked)]
    for family in outermost:
        kind, why = _kind_of_unmarked(family, covered, beside_marked=bool(kept))
        if kind is None:
            undecided.append(Entry(family.base, f"{family.evidence()}; {why}"))
        else:
            decided[kind].append(Entry(family.base, f"{family.evidence()}; {why}"))
    return ProposedBases(tuple(decided[EventKind.DOMAIN]), tuple(decided[EventKind.INTEGRATION]), tuple(undecided))


def _kind_of_unmarked(family: Family, covered: set[str], beside_marked: bool) -> tuple[EventKind | None, str]:
    """The kind an `Event`-like base gives its subclasses, by their names; None (and why) when they do not tell."""
    claimed = (suffix_kind(short(member)) for member in family.members if member not in covered)
    kinds = {kind for kind in claimed if kind is not None}
    if len(kinds) == 2:
        return None, "its subclasses are named as both kinds: split it into a domain and an integration base"
    if len(kinds) == 1:
        (kind,) = kinds
        return kind, f"its subclasses are named *{kind.suffix}"
    if beside_marked:
        return None, "named as neither kind, beside the bases named for their kind: list it under the kind it is"
    if len(family.members) < 2:
        return None, "the only subclass does not tell its kind: list it under the kind it is"
    return EventKind.DOMAIN, "named as neither kind: taken as domain events (move it to integration-bases if they cross contexts)"
