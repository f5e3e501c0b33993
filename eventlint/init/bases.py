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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eventlint.index.catalogue import BASE_NAMES, suffix_kind
from eventlint.index.names import ProjectIndex
from eventlint.init.phrases import counted, is_auxiliary, listing
from eventlint.init.proposal import Entry, ProposedBases
from eventlint.init.travel import Travel
from eventlint.model import EventKind

MARKS = (("Integration", EventKind.INTEGRATION), ("Domain", EventKind.DOMAIN))
# The same in the languages teams name their code in besides English (`EventoDominio`, `EventoIntegracion`).
MARKS_ELSEWHERE = (
    ("Integracion", EventKind.INTEGRATION),
    ("Integración", EventKind.INTEGRATION),
    ("Integracao", EventKind.INTEGRATION),
    ("Integração", EventKind.INTEGRATION),
    ("Dominio", EventKind.DOMAIN),
    ("Domínio", EventKind.DOMAIN),
    ("Domaine", EventKind.DOMAIN),
)
# Words for an event in those languages: a base named so is event-like (`EventoDominio`, `Evenement`).
EVENT_WORDS_ELSEWHERE = ("Evento", "Événement", "Evenement", "Ereignis")
# Words teams use for the two kinds, as whole words of a base's name (`PublicEvent`, `InternalEvent`).
SYNONYMS = (
    (frozenset({"Published", "Public", "External", "Contract", "Integration"}), EventKind.INTEGRATION),
    (frozenset({"Private", "Internal", "Domain"}), EventKind.DOMAIN),
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


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
    """The kind a base's name marks: `Integration` or `Domain` in it, or a word for one (`Public`, `Internal`)."""
    marked = next((kind for mark, kind in (*MARKS, *MARKS_ELSEWHERE) if mark in name), None)
    if marked is not None:
        return marked
    words = set(_WORD.findall(name))
    said = {kind for synonyms, kind in SYNONYMS if words & synonyms}
    return next(iter(said)) if len(said) == 1 else None


def _named_why(name: str, kind: EventKind) -> str:
    """Why a name marks a kind, when it is by a synonym (nothing to add when it says `Domain` or `Integration`)."""
    if any(mark in name for mark, _ in (*MARKS, *MARKS_ELSEWHERE)):
        return ""
    return f"; its name says {'published' if kind is EventKind.INTEGRATION else 'internal'}"


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
    if short(base).endswith("Event") or any(word in short(base) for word in EVENT_WORDS_ELSEWHERE):
        return True
    named = sum(1 for member in members if short(member).endswith("Event"))
    return len(members) >= 3 and 3 * named >= 2 * len(members)


def propose_bases(index: ProjectIndex, travel: Mapping[str, Travel] | None = None) -> ProposedBases:
    """The event bases to configure: the outermost family of each kind, and the undecided ones.

    `travel` says how each base's events travel (`eventlint.init.travel`): it decides the kind of a
    base neither its name nor its subclasses' names mark, and adds a doubt where it contradicts them.
    """
    travel = travel or {}
    found = families(index)
    marked = [family for family in found if family.marked is not None]
    kept = [f for f in marked if not any(f.base in other.members and other.marked == f.marked for other in marked)]
    decided: dict[EventKind, list[Entry]] = {kind: [] for kind in EventKind}
    for family in kept:
        assert family.marked is not None
        named, why, doubt = _kind_of_marked(family, travel.get(family.base))
        decided[named].append(Entry(family.base, family.evidence() + why, doubt))
    undecided: list[Entry] = []
    covered = {member for family in kept for member in family.members} | {family.base for family in kept}
    unmarked = [f for f in found if f.marked is None and f.base not in covered]
    unmarked = [f for f in unmarked if not any(k.base in f.members for k in kept)]  # a base of the kinds' bases
    outermost = [f for f in unmarked if not any(f.base in other.members for other in unmarked)]
    for family in outermost:
        kind, why, doubt = _kind_of_unmarked(family, covered, bool(kept), travel.get(family.base))
        if kind is None:
            undecided.append(Entry(family.base, f"{family.evidence()}; {why}"))
        else:
            decided[kind].append(Entry(family.base, f"{family.evidence()}; {why}", doubt))
    return ProposedBases(tuple(decided[EventKind.DOMAIN]), tuple(decided[EventKind.INTEGRATION]), tuple(undecided))


def _kind_of_marked(family: Family, travel: Travel | None) -> tuple[EventKind, str, str]:
    """The kind of a base its name marks, and what contradicts it; the other kind where how its events travel
    contradicts the name for most of them and supports it for none (a `DomainEvent` base of events that
    all go to Kafka, for other services to handle). Domain events only ever sent to a broker stay domain
    events: that is what EVL202 reports; it takes another context taking them in to make them integration.
    A base named for integration events keeps its kind: those dispatched in-process are what EVL301 reports."""
    named = family.marked
    assert named is not None
    other = EventKind.DOMAIN if named is EventKind.INTEGRATION else EventKind.INTEGRATION
    leaves = travel is not None and other is EventKind.INTEGRATION and bool(travel.crossing & set(travel.integration))
    if travel is not None and leaves and not travel.of(named) and 2 * len(travel.of(other)) >= max(len(family.members), 1):
        said = "published" if named is EventKind.INTEGRATION else "internal"
        return other, f"; {travel.phrase(other)}", f"its name says {said}; as {named.value} events they would be reported"
    return named, _named_why(family.name, named), _doubt(travel, named)


def _doubt(travel: Travel | None, kind: EventKind) -> str:
    """What contradicts a kind: the events that travel as the other kind, each reported if the kind is right."""
    other = EventKind.DOMAIN if kind is EventKind.INTEGRATION else EventKind.INTEGRATION
    if travel is None or not travel.of(other):
        return ""
    return f"{travel.phrase(other)}; as {kind.value} events they will be reported"


def _kind_of_unmarked(
    family: Family, covered: set[str], beside_marked: bool, travel: Travel | None
) -> tuple[EventKind | None, str, str]:
    """The kind an `Event`-like base gives its subclasses: by their names, else by how its events travel;
    None (and why) when neither tells; then a doubt, where some of the evidence says otherwise."""
    named = set(BASE_NAMES.values())  # a marker class named for a kind (`IntegrationEvent`, unused) is no event
    claimed = (suffix_kind(short(member)) for member in family.members if member not in covered and short(member) not in named)
    kinds = {kind for kind in claimed if kind is not None}
    if len(kinds) == 2:
        return None, "its subclasses are named as both kinds: split it into a domain and an integration base", ""
    if len(kinds) == 1:
        (kind,) = kinds
        return kind, f"its subclasses are named *{kind.suffix}", _doubt(travel, kind)
    said = travel.says() if travel is not None else None
    if travel is not None and said is not None:
        return said, travel.phrase(said), _doubt(travel, said)
    if travel is not None and travel.integration:  # as much evidence for each kind
        both = f"{travel.phrase(EventKind.INTEGRATION)}; {travel.phrase(EventKind.DOMAIN)}"
        return None, f"{both}: list it under the kind it is", ""
    if beside_marked:
        return None, "named as neither kind, beside the bases named for their kind: list it under the kind it is", ""
    if len(family.members) < 2:
        return None, "the only subclass does not tell its kind: list it under the kind it is", ""
    why = "named as neither kind, and none of its events is seen leaving its context: taken as domain events"
    return EventKind.DOMAIN, why, ""
