"""What `eventlint init` proposes, each value with the evidence it rests on: plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventlint.model import EventKind, Role


@dataclass(frozen=True)
class Entry:
    """One proposed value (a path, a class, a module, a call pattern) and why it is proposed."""

    value: str
    evidence: str
    doubt: str = ""  # where the evidence conflicts: what else it says, written as a comment below the value


@dataclass(frozen=True)
class ProposedContext:
    """A bounded context: its name, the module prefixes it owns, and what they hold."""

    name: str
    modules: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class ProposedBases:
    """The event bases by kind, and those whose kind the code does not tell (proposed commented out)."""

    domain: tuple[Entry, ...] = ()
    integration: tuple[Entry, ...] = ()
    undecided: tuple[Entry, ...] = ()

    def of(self, kind: EventKind) -> tuple[Entry, ...]:
        """The bases proposed for one kind."""
        return self.domain if kind is EventKind.DOMAIN else self.integration

    @property
    def found(self) -> bool:
        """Whether any event base was found, decided or not."""
        return bool(self.domain or self.integration or self.undecided)


@dataclass(frozen=True)
class ProposedDispatch:
    """Call patterns by the role (the `[dispatch]` key) they are proposed for, and calls whose role is unclear."""

    by_role: tuple[tuple[Role, tuple[Entry, ...]], ...] = ()
    undecided: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Proposal:
    """A context map proposed from the code of a project."""

    src: tuple[Entry, ...]
    bases: ProposedBases = field(default_factory=ProposedBases)
    contexts: tuple[ProposedContext, ...] = ()
    published_language: tuple[Entry, ...] = ()
    dispatch: ProposedDispatch = field(default_factory=ProposedDispatch)
    named_events: int = 0  # classes named `*DomainEvent` / `*IntegrationEvent`, with or without a base
    exclude: tuple[Entry, ...] = ()  # tests, migrations, fixtures, generated code found in the tree
    left_out: tuple[Entry, ...] = ()  # packages holding evidence that are no context (shared code), and why
    relationships: tuple[Entry, ...] = ()  # "upstream -> downstream" flows, proposed commented out to confirm
    separate: tuple[Entry, ...] = ()  # service folders needing a configuration of their own (module names shared)
    shared_kernels: tuple[Entry, ...] = ()  # "a, b": contexts a kept map says share a kernel, commented out to confirm
    kept_maps: tuple[Entry, ...] = ()  # the maps the team keeps (tach, import-linter, .cml): what each gave, or why not

    @property
    def found_events(self) -> bool:
        """Whether anything event-like was found: an event base, or a class named like an event."""
        return self.bases.found or self.named_events > 0
