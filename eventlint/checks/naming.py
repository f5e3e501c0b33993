"""EVL101-EVL105: an event's name must say its kind and that something happened."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator

from eventlint.checks.base import DOMAIN_BASES, IGNORE_NAMES, INTEGRATION_BASES, PAST_TENSE_WORDS, Rule
from eventlint.checks.rule import Fix, Safety
from eventlint.checks.tense import names_past_event, stem, words
from eventlint.index.catalogue import BASE_NAMES, CANNOT_DERIVE_FROM_AN_EVENT, EventClass, suffix_kind
from eventlint.index.eventbases import unresolved_bases
from eventlint.index.project import Project
from eventlint.model import Diagnostic, EventKind, FixAction, RenameClass
from eventlint.sources.libraries import in_library


def _ignored(project: Project, name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in project.config.naming.ignore_names)


# A first word saying the class acts on an event (a handler), or stands in for one in tests.
HANDLER_WORDS = frozenset({"On", "Handle", "Handles", "When"})
TEST_DOUBLE_WORDS = frozenset({"Dummy", "Fake", "Stub", "Mock", "Spy"})
# A whole stem naming a sort of event rather than something that happened.
STRUCTURAL_WORDS = frozenset({"Base", "Abstract", "Composite", "Generic", "Common", "Any", "Some", "Sample", "Example"})


def _machinery(name: str) -> bool:
    """`DomainEventSerializable`, `IntegrationEventMixin`: named after the kind, not as an event of it."""
    return suffix_kind(name) is None and any(word in name for word in BASE_NAMES.values())


def _first_word(name: str) -> str:
    parts = words(name)
    return parts[0] if parts else ""


def not_an_event_by_name(name: str) -> bool:
    """`OnOrderPaidIntegrationEvent` (a handler), `FakeOrderPaidDomainEvent` (a test double)."""
    return _first_word(name) in HANDLER_WORDS | TEST_DOUBLE_WORDS


def library_api(project: Project, event: EventClass) -> bool:
    """A public event class of a library (a package shipping `py.typed`): eventsourcing's
    `LogEvent`, `Snapshot`, `Aggregate.Created`. Its name is the library's API, which the projects
    using it derive their events from or import; the naming convention is theirs to follow, and
    renaming it would break every one of them. A private class (`_`) is the library's own."""
    if not in_library(project.config, event.module):
        return False
    return not any(part.startswith("_") and not part.startswith("__") for part in event.qualname.split("."))


def _named_events(project: Project) -> Iterator[EventClass]:
    """Concrete events whose names the naming rules judge."""
    for event in project.judged_events():
        if event.is_base or _ignored(project, event.name) or _machinery(event.name):
            continue
        if library_api(project, event):
            continue
        if _first_word(event.name) in TEST_DOUBLE_WORDS:
            continue  # a test double keeps the shape of an event, not its meaning
        yield event


def _missing_suffix(kind: EventKind) -> Callable[[Project], Iterator[Diagnostic]]:
    def check(project: Project) -> Iterator[Diagnostic]:
        rule = DOMAIN_SUFFIX if kind is EventKind.DOMAIN else INTEGRATION_SUFFIX
        for event in _named_events(project):
            if event.kind is kind and event.derived and suffix_kind(event.name) is None:
                expected = stem(event.name) + kind.suffix
                yield rule.finding(
                    event.source,
                    event.span,
                    context=event.context,
                    event=event,
                    fix=RenameClass(event.qualname, expected),
                    kind=kind.label,
                    name=event.name,
                    expected=expected,
                )

    return check


def check_contradiction(project: Project) -> Iterator[Diagnostic]:
    """EVL103: the suffix names the other kind than the class hierarchy gives."""
    for event in project.judged_events():
        claimed = suffix_kind(event.name)
        if event.derived and claimed is not None and claimed is not event.kind and not _ignored(project, event.name):
            yield CONTRADICTION.finding(
                event.source,
                event.span,
                context=event.context,
                event=event,
                name=event.name,
                claimed=claimed.with_article,
                kind=event.kind.label,
            )


def check_past_tense(project: Project) -> Iterator[Diagnostic]:
    """EVL104: an event names something that already happened."""
    extra = project.config.naming.past_tense_words
    for event in _named_events(project):
        if stem(event.name) in STRUCTURAL_WORDS:
            continue  # `CompositeDomainEvent`, `BaseIntegrationEvent`: a sort of event, not one that happened
        if not names_past_event(event.name, extra):
            yield PAST_TENSE.finding(
                event.source,
                event.span,
                context=event.context,
                event=event,
                kind=event.kind.label,
                name=event.name,
                stem=stem(event.name),
            )


def check_suffix_without_base(project: Project) -> Iterator[Diagnostic]:
    """EVL105: named like an event, derives from no event base, hierarchy fully known."""
    catalogue, index = project.events, project.index
    unresolved = unresolved_bases(project.config, index)
    # While a base names no class, the class it was meant to name is unknown: a class deriving from
    # any project class (or from one named as the broken base) may derive from it, so it is not judged.
    meant = frozenset(name for base in unresolved for name in base.class_names)
    broken = {base.base for base in unresolved}
    for info in project.judged_classes():
        claimed = suffix_kind(info.fact.name)
        if claimed is None or catalogue.is_event_base(info) or _ignored(project, info.fact.name):
            continue
        if not_an_event_by_name(info.fact.name) or stem(info.fact.name) in STRUCTURAL_WORDS:
            continue  # a handler, a test double or a sort of event: deriving it from a base would be wrong
        if info.fact.name in BASE_NAMES.values() or info.qualname in index.subclassed:
            continue
        ancestry = index.ancestry(info.qualname)
        if catalogue.derived_kinds(info) or not ancestry.complete or ancestry.names & CANNOT_DERIVE_FROM_AN_EVENT:
            continue
        if unresolved and any(index.is_class(name) or name.rpartition(".")[2] in meant for name in ancestry.names):
            continue
        config = project.config
        configured = config.domain_bases if claimed is EventKind.DOMAIN else config.integration_bases
        existing = [name for name in configured if name not in broken]
        article = "an" if claimed is EventKind.INTEGRATION else "a"
        base = f"`{existing[0]}`" if existing else f"{article} `{BASE_NAMES[claimed]}` base"
        yield WITHOUT_BASE.finding(
            info.source,
            info.fact.span,
            context=project.contexts.context_of(info.module),
            name=info.fact.name,
            claimed=claimed.with_article,
            base=base,
        )


_RENAME = Fix(
    FixAction.RENAME_CLASS,
    "Rename `{name}` to `{expected}` across the project",
    Safety.UNSAFE,
    "the class name is what serialisers and message brokers may see",
)

DOMAIN_SUFFIX = Rule(
    "EVL101",
    "domain-event-suffix",
    "a domain event whose class name does not end in `DomainEvent`",
    {"": "{kind} `{name}` should be named `{expected}`: its name must say which kind of event it is"},
    _missing_suffix(EventKind.DOMAIN),
    fix=_RENAME,
    options=(DOMAIN_BASES, IGNORE_NAMES),
)
INTEGRATION_SUFFIX = Rule(
    "EVL102",
    "integration-event-suffix",
    "an integration event whose class name does not end in `IntegrationEvent`",
    {"": "{kind} `{name}` should be named `{expected}`: its name must say which kind of event it is"},
    _missing_suffix(EventKind.INTEGRATION),
    fix=_RENAME,
    options=(INTEGRATION_BASES, IGNORE_NAMES),
)
CONTRADICTION = Rule(
    "EVL103",
    "suffix-contradicts-kind",
    "an event class whose suffix names the other kind of event",
    {"": "`{name}` is named as {claimed} but derives from the {kind} base; rename it or change its base"},
    check_contradiction,
    options=(DOMAIN_BASES, IGNORE_NAMES),
)
PAST_TENSE = Rule(
    "EVL104",
    "event-not-past-tense",
    "an event name that does not say what already happened",
    {"": "{kind} `{name}` does not name something that happened: use the past tense (`{stem}` reads as a command or a thing)"},
    check_past_tense,
    options=(PAST_TENSE_WORDS, IGNORE_NAMES, DOMAIN_BASES),
)
WITHOUT_BASE = Rule(
    "EVL105",
    "suffix-without-base",
    "a class named like an event that derives from no event base",
    {"": "`{name}` is named as {claimed} but derives from no event base; derive it from {base}"},
    check_suffix_without_base,
    options=(DOMAIN_BASES, IGNORE_NAMES),
)
