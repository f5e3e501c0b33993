"""EVL303: an integration event is a contract; its fields speak the published language."""

from __future__ import annotations

from collections.abc import Iterator

from eventlint.checks.base import Rule, finding
from eventlint.index import ClassInfo
from eventlint.model import Diagnostic, EventKind, RelatedLocation
from eventlint.project import Project

# Where a context keeps its model, and what its building blocks derive from.
MODEL_PACKAGES = frozenset(
    {
        "domain",
        "model",
        "models",
        "entities",
        "aggregates",
        "value_objects",
        "valueobjects",
        "dominio",  # Spanish, Portuguese
        "domaine",  # French
        "modelo",
        "modele",
    }
)
MODEL_BASES = ("Entity", "AggregateRoot", "Aggregate", "ValueObject")


def is_domain_model(project: Project, info: ClassInfo) -> bool:
    """Entity, aggregate, value object or domain event: by package, base class, or event kind.

    Data-transfer classes a context keeps next to its contracts (`integration`,
    `schemas`, `dto` modules) are not its model.
    """
    event = project.events.events.get(info.qualname)
    if event is not None:
        return event.kind is EventKind.DOMAIN
    if MODEL_PACKAGES & set(info.module.split(".")):
        return True
    ancestors = project.index.ancestry(info.qualname).names
    return any(name.rpartition(".")[2].endswith(MODEL_BASES) for name in ancestors)


def check_exposed_model(project: Project) -> Iterator[Diagnostic]:
    """EVL303: an integration event field typed with a class internal to a bounded context."""
    index, contexts, catalogue = project.index, project.contexts, project.events
    for event in catalogue.events.values():
        if event.kind is not EventKind.INTEGRATION:
            continue
        info = index.class_info(event.qualname)
        if info is None:
            continue
        for field in info.fact.fields:
            for name in field.annotation:
                resolved = index.resolve_class(event.module, name)
                internal = index.class_info(resolved) if resolved else None
                if internal is None or internal.module == event.module:
                    continue
                owner = contexts.context_of(internal.module)
                if owner is None or contexts.in_published_language(internal.module):
                    continue
                if not is_domain_model(project, internal):
                    continue
                what = "domain event" if internal.qualname in catalogue.events else "class"
                yield finding(
                    "EVL303",
                    f"field `{field.name}` of integration event `{event.name}` is typed with `{internal.fact.name}`, "
                    f"a {what} internal to context '{owner}'; use primitives or published-language types",
                    event.source,
                    field.span,
                    context=event.context,
                    event=event,
                    related=(RelatedLocation(internal.source.display, internal.fact.span, f"`{internal.fact.name}` is defined here"),),
                )
                break  # one finding per field


CONTRACT_RULES: tuple[Rule, ...] = (Rule("EVL303", check_exposed_model),)
