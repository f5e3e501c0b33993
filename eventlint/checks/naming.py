"""EVL101-EVL105: an event's name must say its kind and that something happened."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator

from eventlint.catalogue import BASE_NAMES, CANNOT_DERIVE_FROM_AN_EVENT, EventClass, suffix_kind
from eventlint.checks.base import Rule, finding
from eventlint.checks.tense import names_past_event, stem, words
from eventlint.index import ProjectIndex
from eventlint.model import Diagnostic, EventKind
from eventlint.project import Project


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


def _named_events(project: Project) -> Iterator[EventClass]:
    """Concrete events whose names the naming rules judge."""
    for event in project.events.events.values():
        if event.is_base or _ignored(project, event.name) or _machinery(event.name):
            continue
        if _first_word(event.name) in TEST_DOUBLE_WORDS:
            continue  # a test double keeps the shape of an event, not its meaning
        yield event


def _missing_suffix(kind: EventKind, code: str) -> Rule:
    def check(project: Project) -> Iterator[Diagnostic]:
        for event in _named_events(project):
            if event.kind is kind and event.derived and suffix_kind(event.name) is None:
                expected = stem(event.name) + kind.suffix
                yield finding(
                    code,
                    f"{kind.label} `{event.name}` should be named `{expected}`: its name must say which kind of event it is",
                    event.source,
                    event.span,
                    context=event.context,
                    event=event,
                )

    return Rule(code, check)


def check_contradiction(project: Project) -> Iterator[Diagnostic]:
    """EVL103: the suffix names the other kind than the class hierarchy gives."""
    for event in project.events.events.values():
        claimed = suffix_kind(event.name)
        if event.derived and claimed is not None and claimed is not event.kind and not _ignored(project, event.name):
            yield finding(
                "EVL103",
                f"`{event.name}` is named as {claimed.with_article} but derives from the {event.kind.label} base; "
                f"rename it or change its base",
                event.source,
                event.span,
                context=event.context,
                event=event,
            )


def check_past_tense(project: Project) -> Iterator[Diagnostic]:
    """EVL104: an event names something that already happened."""
    extra = project.config.naming.past_tense_words
    for event in _named_events(project):
        if stem(event.name) in STRUCTURAL_WORDS:
            continue  # `CompositeDomainEvent`, `BaseIntegrationEvent`: a sort of event, not one that happened
        if not names_past_event(event.name, extra):
            yield finding(
                "EVL104",
                f"{event.kind.label} `{event.name}` does not name something that happened: "
                f"use the past tense (`{stem(event.name)}` reads as a command or a thing)",
                event.source,
                event.span,
                context=event.context,
                event=event,
            )


def check_suffix_without_base(project: Project) -> Iterator[Diagnostic]:
    """EVL105: named like an event, derives from no event base, hierarchy fully known."""
    catalogue, index = project.events, project.index
    for info in index.iter_classes():
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
        config = project.config
        configured = config.domain_bases if claimed is EventKind.DOMAIN else config.integration_bases
        existing = [name for name in configured if _not_missing(index, name)]
        article = "an" if claimed is EventKind.INTEGRATION else "a"
        base = f"`{existing[0]}`" if existing else f"{article} `{BASE_NAMES[claimed]}` base"
        yield finding(
            "EVL105",
            f"`{info.fact.name}` is named as {claimed.with_article} but derives from no event base; derive it from {base}",
            info.source,
            info.fact.span,
            context=project.contexts.context_of(info.module),
        )


def _not_missing(index: ProjectIndex, name: str) -> bool:
    """A configured base to advise: a class of the project, or of a library (not a typo in a project module)."""
    module = name.rpartition(".")[0]
    return index.is_class(index.canonical(name)) or not index.is_module(module)


NAMING_RULES: tuple[Rule, ...] = (
    _missing_suffix(EventKind.DOMAIN, "EVL101"),
    _missing_suffix(EventKind.INTEGRATION, "EVL102"),
    Rule("EVL103", check_contradiction),
    Rule("EVL104", check_past_tense),
    Rule("EVL105", check_suffix_without_base),
)
