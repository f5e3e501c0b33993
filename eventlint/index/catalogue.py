"""The event catalogue: every class that is a domain or integration event, and its owner."""

from __future__ import annotations

from dataclasses import dataclass

from eventlint.config.settings import Config
from eventlint.index.class_info import ClassInfo
from eventlint.index.contextmap import ContextMap
from eventlint.index.names import ProjectIndex
from eventlint.model import EventKind, Span
from eventlint.sources.discovery import SourceFile

BASE_NAMES = {EventKind.DOMAIN: "DomainEvent", EventKind.INTEGRATION: "IntegrationEvent"}
KINDS: tuple[EventKind, ...] = tuple(EventKind)  # iterating the enum itself is slow, and this runs per call site

# Classes that are never events, whatever their name: metaclasses, interfaces, enumerations.
CANNOT_DERIVE_FROM_AN_EVENT = frozenset(
    {
        "builtins.type",  # a metaclass (`class MetaDomainEvent(type)`)
        "abc.ABCMeta",
        "typing.Protocol",
        "typing_extensions.Protocol",
        "enum.Enum",
        "enum.IntEnum",
        "enum.StrEnum",
    }
)


def suffix_kind(name: str) -> EventKind | None:
    """The kind a class name claims by its suffix."""
    if name.endswith("IntegrationEvent"):
        return EventKind.INTEGRATION
    if name.endswith("DomainEvent"):
        return EventKind.DOMAIN
    return None


@dataclass(frozen=True)
class EventClass:
    """An event class: its kind, whether the hierarchy (not just the name) says so, its owner."""

    qualname: str
    name: str
    kind: EventKind
    derived: bool  # the kind comes from an event base, not the name alone
    is_base: bool  # abstract, or other project classes derive from it
    module: str
    context: str | None
    source: SourceFile
    span: Span


class EventCatalogue:
    """Classifies every project class as domain event, integration event, or neither."""

    def __init__(self, index: ProjectIndex, contexts: ContextMap, config: Config) -> None:
        self.index = index
        self.bases = {
            EventKind.DOMAIN: frozenset(index.canonical(name) for name in config.domain_bases),
            EventKind.INTEGRATION: frozenset(index.canonical(name) for name in config.integration_bases),
        }
        # A kind without configured bases keeps the naming convention: configuring
        # only `domain-bases` does not make every integration event baseless.
        self.configured = frozenset(kind for kind in EventKind if self.bases[kind])
        self.events: dict[str, EventClass] = {}
        for info in index.iter_classes():
            if not index.may_be_event_class(info):
                continue
            event = self._classify(info, contexts)
            if event is not None:
                self.events[info.qualname] = event

    def is_event_base(self, info: ClassInfo) -> bool:
        """Whether the class is itself one of the event bases (configured, or by name)."""
        return any(
            info.qualname in self.bases[kind] if kind in self.configured else info.fact.name == BASE_NAMES[kind] for kind in KINDS
        )

    def may_be_event_base(self, qualname: str) -> bool:
        """Whether a canonical name may be one of the event bases, by the name alone."""
        name = qualname.rpartition(".")[2]
        return any(qualname in self.bases[kind] if kind in self.configured else name == BASE_NAMES[kind] for kind in KINDS)

    def base_kind(self, name: str) -> EventKind | None:
        """The kind an ancestor makes its subclasses: a configured base, or by its name.

        A configured base has its configured kind whatever its name: `DomainEvent` listed under
        `integration-bases`, with no domain base configured, makes integration events.
        """
        for kind in KINDS:
            if kind in self.configured and name in self.bases[kind]:
                return kind
        for kind in KINDS:
            if kind not in self.configured and name.rpartition(".")[2].endswith(BASE_NAMES[kind]):
                return kind
        return None

    def derived_kinds(self, info: ClassInfo) -> set[EventKind]:
        """The kinds the nearest event bases give the class (empty, one, or both).

        Walks the hierarchy breadth first and stops at the first level holding
        an event base, so an `IntegrationEvent` that itself derives from
        `DomainEvent` makes its subclasses integration events.
        """
        frontier, visited = [info.qualname], {info.qualname}
        while frontier:
            kinds: set[EventKind] = set()
            upper: list[str] = []
            for qualname in frontier:
                found = self.index.class_info(qualname)
                for base in found.bases if found is not None else ():
                    kind = self.base_kind(base)
                    if kind is not None:
                        kinds.add(kind)
                    elif base not in visited and self.index.is_class(base):
                        visited.add(base)
                        upper.append(base)
            if kinds:
                return kinds
            frontier = upper
        return set()

    def _classify(self, info: ClassInfo, contexts: ContextMap) -> EventClass | None:
        if self.is_event_base(info):
            return None
        kinds = self.derived_kinds(info)
        derived = True
        if len(kinds) != 1:
            if kinds:
                return None  # both kinds: nothing to judge it by
            claimed = suffix_kind(info.fact.name)
            if claimed is None or claimed in self.configured:
                return None  # not named as an event, or named as one of a kind only its bases make
            if self.index.ancestry(info.qualname).names & CANNOT_DERIVE_FROM_AN_EVENT:
                return None  # a metaclass, a protocol, ...: not an event
            kinds, derived = {claimed}, False
        (kind,) = kinds
        return EventClass(
            qualname=info.qualname,
            name=info.fact.name,
            kind=kind,
            derived=derived,
            is_base=info.fact.abstract or info.qualname in self.index.subclassed,
            module=info.module,
            context=contexts.context_of(info.module),
            source=info.source,
            span=info.fact.span,
        )

    def get(self, qualname: str | None) -> EventClass | None:
        """The event class of that canonical name, if it is one."""
        return self.events.get(qualname) if qualname else None
