"""EVL303: an integration event is a contract; its fields speak the published language."""

from __future__ import annotations

from collections.abc import Iterator

from eventlint.checks.base import CONTEXTS, CONTRACT_MODULES, INTEGRATION_BASES, PUBLISHED_LANGUAGE, Rule
from eventlint.checks.rule import FlowSide
from eventlint.index.class_info import ClassInfo
from eventlint.index.project import Project
from eventlint.model import Diagnostic, EventKind, RelatedLocation

# Packages and class names that hold a context's contract types, not its model.
CONTRACT_PACKAGES = frozenset(
    {
        "contracts",
        "contract",
        "integration",
        "integration_events",
        "dto",
        "dtos",
        "schemas",
        "schema",
        "messages",
        "message",
        "payloads",
        "serializers",
        "api",
        "public",
        "published",
    }
)
CONTRACT_SUFFIXES = ("Dto", "DTO", "Schema", "Message", "Payload", "Contract")


def is_contract_type(project: Project, info: ClassInfo, event_module: str) -> bool:
    """Whether a class is part of the contract rather than a context's internals.

    The published language is what a context deliberately publishes: the
    published-language and `contract-modules` modules, the integration events
    themselves, classes defined beside the event, and the data-transfer,
    schema and message types a context keeps for its contracts. Everything
    else a context defines is internal to it.
    """
    contexts = project.contexts
    if info.module == event_module or contexts.in_published_language(info.module):
        return True
    if any(info.module == prefix or info.module.startswith(prefix + ".") for prefix in project.config.contract_modules):
        return True
    event = project.events.events.get(info.qualname)
    if event is not None:
        return event.kind is EventKind.INTEGRATION
    if CONTRACT_PACKAGES & set(info.module.split(".")):
        return True
    return info.fact.name.endswith(CONTRACT_SUFFIXES)


def check_exposed_model(project: Project) -> Iterator[Diagnostic]:
    """EVL303: an integration event field typed with a class internal to a bounded context."""
    index, contexts, catalogue = project.index, project.contexts, project.events
    for event in project.judged_events():
        if event.kind is not EventKind.INTEGRATION:
            continue
        info = index.class_info(event.qualname)
        if info is None:
            continue
        for field in info.fact.fields:
            for name in field.annotation:
                resolved = index.resolve_class(event.module, name)
                internal = index.class_info(resolved) if resolved else None
                if internal is None:
                    continue
                owner = contexts.context_of(internal.module)
                if owner is None or is_contract_type(project, internal, event.module):
                    continue
                what = "domain event" if internal.qualname in catalogue.events else "class"
                yield EXPOSED_MODEL.finding(
                    event.source,
                    field.span,
                    context=event.context,
                    event=event,
                    related=(
                        RelatedLocation(internal.source.display, internal.fact.span, f"`{internal.fact.name}` is defined here"),
                    ),
                    field=field.name,
                    name=event.name,
                    type=internal.fact.name,
                    what=what,
                    owner=owner,
                )
                break  # one finding per field


EXPOSED_MODEL = Rule(
    "EVL303",
    "integration-event-exposes-domain-model",
    "an integration event field typed with a bounded context's internal class",
    {
        "": "field `{field}` of integration event `{name}` is typed with `{type}`, a {what} internal to context "
        "'{owner}'; use primitives or published-language types"
    },
    check_exposed_model,
    marks=FlowSide.EVENT,
    options=(CONTEXTS, PUBLISHED_LANGUAGE, CONTRACT_MODULES, INTEGRATION_BASES),
)
