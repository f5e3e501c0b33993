"""The context map as the code really is: contexts, their events, and every flow between contexts.

Built from the same project and the same findings as `eventlint check`: the
events each bounded context defines, publishes and consumes (`eventlint.index.flows`),
and one flow per event consumed in a context other than its publisher's,
marked with the cross-context findings `check` reports on it: each rule
says which side of a flow its findings mark (`eventlint.checks.rule.FlowSide`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from eventlint.api import Result, lint_paths
from eventlint.checks.registry import by_code
from eventlint.checks.rule import FlowSide
from eventlint.config.settings import Config
from eventlint.index.catalogue import EventClass
from eventlint.index.project import Project
from eventlint.model import Diagnostic, EventKind


@dataclass(frozen=True, order=True)
class EventRef:
    """An event by its qualified name and kind."""

    event: str
    kind: EventKind

    @property
    def name(self) -> str:
        """The class name alone, as diagrams label it."""
        return self.event.rpartition(".")[2]


@dataclass(frozen=True)
class ContextView:
    """One bounded context: the events it defines, publishes and consumes, each sorted."""

    name: str
    defines: tuple[EventRef, ...]
    publishes: tuple[EventRef, ...]
    consumes: tuple[EventRef, ...]


@dataclass(frozen=True, order=True)
class Flow:
    """An event going from its publishing context to a consuming one.

    `violations` are the codes of the findings on it; `declared` says whether
    the context map declares the relationship (None where relationships say
    nothing: no relationships configured, or a domain event).
    """

    source: str
    target: str
    event: EventRef
    violations: tuple[str, ...]
    declared: bool | None


@dataclass(frozen=True)
class ContextMapView:
    """Every configured context, and every flow between two of them."""

    contexts: tuple[ContextView, ...]
    flows: tuple[Flow, ...]


def map_paths(config: Config, *, cache: bool = True, jobs: int | None = None) -> tuple[ContextMapView, Result]:
    """The context map of the project `config` describes, and the `check` run it was marked from.

    One run: the project the rules judge is the one the map is drawn from.
    """
    base = Path.cwd()
    judged: list[Project] = []
    result = lint_paths([], config, base=base, cache=cache, jobs=jobs, reuse_results=False, judged=judged.append)
    if not judged:  # the index could not be built: `result.errors` says why
        return ContextMapView((), ()), result
    return build_map(judged[0], result.diagnostics), result


def build_map(project: Project, diagnostics: Iterable[Diagnostic]) -> ContextMapView:
    """The map of a project, its flows marked with the findings of the run that judged it."""
    flows = project.flows
    contexts = []
    for context in sorted(c.name for c in project.config.contexts):
        defines = {_ref(e) for e in project.events.events.values() if e.context == context}
        publishes = {_ref(p.event) for p in flows.publishing(context)}
        consumes = {_ref(c.event) for c in flows.consumptions if c.context == context}
        contexts.append(ContextView(context, *(tuple(sorted(group)) for group in (defines, publishes, consumes))))
    found: dict[tuple[str, str, EventRef], EventClass] = {}
    for consumption in flows.consumptions:
        for publisher in flows.publishers(consumption.event):
            if publisher != consumption.context:
                found.setdefault((publisher, consumption.context, _ref(consumption.event)), consumption.event)
    diagnostics = list(diagnostics)
    for diagnostic in diagnostics:  # a domain event used in another context flows there, handled or not
        event = project.events.events.get(diagnostic.event or "") if _side(diagnostic) is FlowSide.CONSUMER else None
        if (
            event is not None
            and event.kind is EventKind.DOMAIN
            and event.context is not None
            and diagnostic.context not in (None, event.context)
        ):
            found.setdefault((event.context, str(diagnostic.context), _ref(event)), event)
    judged = [(d, _handler_context(project, d)) for d in diagnostics]
    marked = []
    for (source, target, ref), event in found.items():
        declared = _declared(project, event, source, target)
        codes = {d.code for d, handler in judged if _marks(d, handler, ref.event, source, target, declared)}
        marked.append(Flow(source, target, ref, tuple(sorted(codes)), declared))
    return ContextMapView(tuple(contexts), tuple(sorted(marked)))


def _side(diagnostic: Diagnostic) -> FlowSide | None:
    """Which side of a flow the finding's rule marks."""
    return by_code()[diagnostic.code].marks


def _handler_context(project: Project, diagnostic: Diagnostic) -> str | None:
    """The context of the handler a finding calls straight into, its first related location
    (None: a rule of another side, or a local bus, for all consumers)."""
    if _side(diagnostic) is not FlowSide.HANDLER or not diagnostic.related:
        return None
    shown = diagnostic.related[0].path  # named as the project's own files are: from the same run
    for module, entry in project.index.modules.items():
        if entry.source.display == shown:
            return project.contexts.context_of(module)
    return None


def _ref(event: EventClass) -> EventRef:
    return EventRef(event.qualname, event.kind)


def _declared(project: Project, event: EventClass, source: str, target: str) -> bool | None:
    """Whether the relationships allow an integration event's flow; None where they say nothing."""
    if event.kind is not EventKind.INTEGRATION or not project.contexts.relationships:
        return None
    return project.contexts.declares_flow(source, target)


def _marks(diagnostic: Diagnostic, handler: str | None, event: str, source: str, target: str, declared: bool | None) -> bool:
    """Whether a finding is about this flow: its event, on the side of the flow its rule marks."""
    side = _side(diagnostic)
    if diagnostic.event != event or side is None:
        return False
    if side is FlowSide.UNDECLARED:
        return diagnostic.context == target and declared is False
    if side is FlowSide.CONSUMER:
        return diagnostic.context == target
    if side in (FlowSide.PUBLISHER, FlowSide.HANDLER):
        return diagnostic.context == source and handler in (None, target)
    return side is FlowSide.EVENT
